"""Walking folders: recursive, sorted, hidden entries skipped, symlink loops cut.

Symlinked folders are followed (people keep corpora behind links) but each real folder
is entered once, so a link back to a parent ends in a reported loop instead of a hang.
A symlinked file pointing outside the imported folder (``notes.txt -> /etc/passwd``) is
skipped with a message: importing a folder must not pull in files from elsewhere unseen.
File names that are not valid UTF-8 are shown (and stored) with U+FFFD in place of the
bad bytes, so they can be printed and saved; the file itself is opened by its real name.
Only regular files are yielded: a FIFO or a device named ``x.txt`` would block or never
end if opened. A folder written by ``datasets.save_to_disk`` is read through its Arrow
files; its JSON bookkeeping files are left out.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from llmstudio.core.sources.readers.base import ImportOptions
from llmstudio.core.sources.readers.dispatch import is_importable_name

_HF_BOOKKEEPING = {"state.json", "dataset_info.json", "dataset_dict.json"}


def shown_name(name: str) -> str:
    """``name`` with undecodable bytes (surrogate escapes from the file system) as U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def walk(
    folder: Path, options: ImportOptions, report: Callable[[str, str], None]
) -> Iterator[tuple[str, str, int]]:
    """(path, name relative to ``folder``, size) of each file to import under ``folder``;
    ``report(relative name, reason)`` for the odd ones. Strings, not Paths, inside: a
    folder of 100k files should not spend its time in pathlib."""
    seen: set[tuple[int, int]] = set()
    top = os.fspath(folder)
    real_top = os.path.realpath(top)
    inside_top = top + os.sep
    importable = functools.partial(is_importable_name, options=options)
    S_ISREG = stat.S_ISREG

    def rel_of(path: str) -> str:
        rel = path[len(inside_top):] if path.startswith(inside_top) else os.path.relpath(path, top)
        return shown_name(rel.replace(os.sep, "/") if os.sep != "/" else rel)

    def visit(directory: str) -> Iterator[tuple[str, str, int]]:
        try:
            info = os.stat(directory)
        except OSError as exc:
            report(rel_of(directory), f"cannot open the folder ({exc.strerror or exc}); skipped")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            report(rel_of(directory), "a symbolic link loop (a folder seen before); not followed")
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            report(rel_of(directory), f"cannot list the folder ({exc.strerror or exc}); skipped")
            return
        names = {e.name for e in entries}
        hf_dataset = {"state.json", "dataset_info.json"} <= names
        prefix = rel_of(os.path.join(directory, "x"))[:-1]  # the folder's relative name and "/"
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            rel = prefix + (name if name.isascii() else shown_name(name))
            try:
                st = entry.stat()  # follows links
            except OSError as exc:
                if entry.is_symlink():
                    report(rel, "a broken or looping symbolic link; skipped")
                else:
                    report(rel, f"cannot read ({exc.strerror or exc}); skipped")
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from visit(entry.path)
            elif S_ISREG(st.st_mode):
                if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_top):
                    report(rel, f"a symbolic link to {shown_name(os.path.realpath(entry.path))}, outside the "
                                "imported folder; skipped (import that file by its own path if you mean it)")
                    continue
                if (hf_dataset and name in _HF_BOOKKEEPING) or name == "dataset_dict.json":
                    continue
                if importable(rel):
                    yield entry.path, rel, st.st_size
            elif is_importable_name(rel, options):
                report(rel, "not a regular file (a pipe, socket or device); skipped")

    yield from visit(top)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
