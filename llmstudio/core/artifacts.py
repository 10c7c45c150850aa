"""Is a checkpoint's file readable? Torch-free checks of safetensors files and checkpoint folders.

A safetensors file is an 8-byte header length, a JSON header naming each tensor's byte
range, then the data. Reading the header and comparing the ranges with the file's length
finds a truncated or overwritten file without loading a tensor (and without torch), so
``llmstudio check`` can scan every checkpoint quickly, and loading can say which file is
damaged, and fall back to the newest intact checkpoint, instead of failing in a parser.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path

CHECKPOINT_FILES = ("model.safetensors", "optimizer.safetensors", "rng.safetensors")


def checkpoint_problems(folder: Path) -> Iterator[str]:
    """What is wrong with a checkpoint folder's files (nothing: it can be loaded)."""
    meta = folder / "meta.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("step"), int):
            yield "meta.json does not record the step"
    except FileNotFoundError:
        yield "meta.json is missing"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        yield f"meta.json is damaged ({type(exc).__name__})"
    for name in CHECKPOINT_FILES:
        problem = safetensors_problem(folder / name)
        if problem:
            yield f"{name}: {problem}"


def safetensors_problem(path: Path) -> str | None:
    """Why a safetensors file cannot be loaded (header, offsets, length), or None."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                return "the file is cut short (no header)"
            (length,) = struct.unpack("<Q", head)
            if length > size - 8 or length > 100_000_000:
                return "the header is damaged or the file is cut short"
            header = json.loads(handle.read(length))
    except FileNotFoundError:
        return "the file is missing"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"the header is damaged ({type(exc).__name__})"
    if not isinstance(header, dict):
        return "the header is damaged"
    end = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(o, int) for o in offsets)):
            return f"the entry for tensor '{name}' is damaged"
        end = max(end, offsets[1])
    if 8 + length + end != size:
        return f"the file is {size:,} bytes but its header describes {8 + length + end:,} (cut short or damaged)"
    return None
