"""Paths read from a project must stay inside the project folder.

A project file is data a user may have received from someone else: a stored path such as
``runs.checkpoint_dir = '../OUTSIDE'`` or a ``latest.json`` naming ``../../..`` must never
make the app read, write or delete outside the folder. ``resolve_inside`` is the one check
every stored path goes through before it is used: it refuses absolute paths and any path
that resolves (``..`` and symbolic links followed) outside the root, with a message that
names the setting and the fix.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from llmstudio.core.errors import ProjectError


def resolve_inside(root: Path, relative: str, what: str) -> Path:
    """``root / relative``, resolved; a ``ProjectError`` when it would leave ``root``.

    ``what`` names the stored value in the message, e.g. ``"run 3's checkpoint folder"``.
    """
    text = str(relative)
    if not text or "\x00" in text:
        raise ProjectError(f"{what} is empty or not a valid path; the project file is damaged")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise ProjectError(
            f"{what} is the absolute path {text!r}; a project keeps only paths inside its folder "
            f"(the project file was edited or damaged; fix the path or delete the entry)")
    base = Path(root).resolve()
    path = (base / text).resolve()
    if path != base and base not in path.parents:
        raise ProjectError(
            f"{what} ({text!r}) points outside the project folder {base}; refusing to use it "
            f"(the project file was edited or damaged; fix the path or delete the entry)")
    return path
