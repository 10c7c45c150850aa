"""Find bundled resources the same way from the source tree, an install and a frozen app.

In the source tree resources live in ``<repo>/resources``; an installed wheel or a
PyInstaller bundle carries them in ``llmstudio/_resources`` or ``sys._MEIPASS/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "_resources")
    candidates.append(here.parent / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "llmstudio's resources folder is missing; reinstall the application "
        f"(looked in: {', '.join(str(c) for c in candidates)})"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
