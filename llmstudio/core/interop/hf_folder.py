"""What a Hugging Face model folder holds, read without loading it (and never unpickling it).

Before anything is written to the project, the folder is checked: ``config.json`` names a
supported architecture, the weights are safetensors (one file, or shards all present per
``model.safetensors.index.json``; a ``pytorch_model.bin`` pickle is refused, since
unpickling can run code), and a tokenizer comes with it (``tokenizer.json`` or a
sentencepiece ``tokenizer.model``). Shapes and the parameter count come from the
safetensors headers, so the import dialog can describe a model before it is imported.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmstudio.core.errors import StudioError

SUPPORTED_TYPES = ("llama", "gpt2")
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt")
PICKLES = ("pytorch_model.bin", "pytorch_model.bin.index.json", "model.ckpt", "tf_model.h5", "flax_model.msgpack")


@dataclass(frozen=True)
class FolderInfo:
    folder: Path
    config: dict[str, Any]
    model_type: str
    architecture: str
    weight_files: tuple[Path, ...]
    shapes: dict[str, tuple[int, ...]]
    tokenizer_file: Path
    tokenizer_kind: str  # "tokenizer.json" or "sentencepiece"
    licence: Path | None

    @property
    def parameters(self) -> int:
        """Parameters as llmstudio counts them (a tied output layer once, GPT-2's mask buffers not at all)."""
        total = 0
        for name, shape in self.shapes.items():
            if name.endswith("attn.masked_bias") or (name.endswith("attn.bias") and len(shape) == 4):
                continue
            count = 1
            for size in shape:
                count *= size
            total += count
        return total

    @property
    def embedding_rows(self) -> int:
        for name in ("model.embed_tokens.weight", "embed_tokens.weight", "transformer.wte.weight", "wte.weight"):
            if name in self.shapes:
                return self.shapes[name][0]
        raise StudioError(f"the weights in {self.folder} have no token embedding; the files do not match config.json")

    def describe(self) -> str:
        licence = self.licence.name if self.licence else "no licence file"
        return (f"{self.architecture} ({self.model_type}), {self.parameters:,} parameters, "
                f"tokenizer {self.tokenizer_kind}, {licence}")


def read_folder(folder: Path) -> FolderInfo:
    """Check a Hugging Face folder and describe it; a clear error for anything unusable."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise StudioError(f"{folder} is not a folder")
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise StudioError(f"{folder} has no config.json; it is not a Hugging Face model folder")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StudioError(f"{config_path} is not valid JSON ({exc})") from exc
    model_type = str(config.get("model_type", ""))
    architectures = config.get("architectures") or [model_type]
    if model_type not in SUPPORTED_TYPES:
        raise StudioError(f"{folder.name} is a {model_type or 'model of unknown type'} ({architectures[0]}); "
                          "supported architectures: llama (LlamaForCausalLM) and gpt2 (GPT2LMHeadModel)")
    weights = _weight_files(folder)
    shapes: dict[str, tuple[int, ...]] = {}
    for path in weights:
        shapes.update(safetensors_shapes(path))
    tokenizer_file, kind = _tokenizer_file(folder)
    licence = next((folder / n for n in LICENCE_NAMES if (folder / n).is_file()), None)
    return FolderInfo(folder, config, model_type, str(architectures[0]), weights, shapes, tokenizer_file, kind, licence)


def _weight_files(folder: Path) -> tuple[Path, ...]:
    single, index = folder / "model.safetensors", folder / "model.safetensors.index.json"
    if single.is_file():
        return (single,)
    if index.is_file():
        try:
            weight_map = json.loads(index.read_text(encoding="utf-8"))["weight_map"]
        except (ValueError, KeyError, UnicodeDecodeError) as exc:
            raise StudioError(f"{index} is damaged ({exc}); download the model again") from exc
        shards = sorted(set(weight_map.values()))
        missing = [name for name in shards if not (folder / name).is_file()]
        if missing:
            raise StudioError(f"the weights are split into {len(shards)} files and {', '.join(missing)} "
                              f"{'is' if len(missing) == 1 else 'are'} missing from {folder}; download the model again")
        return tuple(folder / name for name in shards)
    pickles = [name for name in PICKLES if (folder / name).exists()]
    if pickles:
        raise StudioError(
            f"{folder} holds {pickles[0]} but no model.safetensors: llmstudio never loads pickled weights "
            "(unpickling can run code). Convert the model to safetensors with transformers "
            "(save_pretrained(OUT, safe_serialization=True)) and import that folder"
        )
    raise StudioError(f"{folder} has no model.safetensors (or model.safetensors.index.json with its shards)")


def _tokenizer_file(folder: Path) -> tuple[Path, str]:
    if (folder / "tokenizer.json").is_file():
        return folder / "tokenizer.json", "tokenizer.json"
    if (folder / "tokenizer.model").is_file():
        return folder / "tokenizer.model", "sentencepiece"
    if (folder / "vocab.json").is_file() or (folder / "merges.txt").is_file():
        raise StudioError(f"{folder} has only a slow tokenizer (vocab.json + merges.txt); save it with "
                          "transformers as a fast tokenizer (tokenizer.json) and import again")
    raise StudioError(f"{folder} has no tokenizer (tokenizer.json or tokenizer.model); a model cannot be used "
                      "without the tokenizer it was trained with")


def safetensors_shapes(path: Path) -> dict[str, tuple[int, ...]]:
    """Tensor shapes from a safetensors header (8-byte length, then JSON), without reading the data."""
    try:
        with open(path, "rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            if length > 100_000_000:
                raise ValueError("header too large")
            header = json.loads(handle.read(length))
    except (OSError, ValueError, struct.error) as exc:
        raise StudioError(f"{path} is not a readable safetensors file ({exc}); download it again") from exc
    return {name: tuple(entry["shape"]) for name, entry in header.items() if name != "__metadata__"}
