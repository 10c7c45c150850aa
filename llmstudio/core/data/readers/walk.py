"""Walking folders: recursive, sorted, hidden entries skipped, symlink loops cut.

Symlinked folders are followed (people keep corpora behind links) but each real folder
is entered once, so a link back to a parent ends in a reported loop instead of a hang.
Only regular files are yielded: a FIFO or a device named ``x.txt`` would block or never
end if opened. A folder written by ``datasets.save_to_disk`` is read through its Arrow
files; its JSON bookkeeping files are left out.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from llmstudio.core.data.readers.base import ImportOptions
from llmstudio.core.data.readers.dispatch import is_importable_name

_HF_BOOKKEEPING = {"state.json", "dataset_info.json", "dataset_dict.json"}


def walk(
    folder: Path, options: ImportOptions, report: Callable[[str, str], None]
) -> Iterator[Path]:
    """Files under ``folder`` to import; ``report(relative name, reason)`` for the odd ones."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path]:
        try:
            info = directory.stat()
        except OSError as exc:
            report(_rel(directory, folder), f"cannot open the folder ({exc.strerror or exc}); skipped")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            report(_rel(directory, folder), "a symbolic link loop (a folder seen before); not followed")
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            report(_rel(directory, folder), f"cannot list the folder ({exc.strerror or exc}); skipped")
            return
        names = {e.name for e in entries}
        hf_dataset = {"state.json", "dataset_info.json"} <= names
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _rel(path, folder)
            try:
                mode = os.stat(entry.path).st_mode  # follows links
            except OSError as exc:
                if entry.is_symlink():
                    report(rel, "a broken or looping symbolic link; skipped")
                else:
                    report(rel, f"cannot read ({exc.strerror or exc}); skipped")
                continue
            if stat.S_ISDIR(mode):
                yield from visit(path)
            elif stat.S_ISREG(mode):
                if hf_dataset and entry.name in _HF_BOOKKEEPING:
                    continue
                if entry.name == "dataset_dict.json":
                    continue
                if is_importable_name(rel, options):
                    yield path
            elif is_importable_name(rel, options):
                report(rel, "not a regular file (a pipe, socket or device); skipped")

    yield from visit(folder)


def _rel(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top).as_posix() or path.name
    except ValueError:
        return path.name
