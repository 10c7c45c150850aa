"""docs/architecture.md names every package of the tree, and no file grows past 450 lines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 450


def _packages() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "llmstudio").rglob("__init__.py") if "__pycache__" not in p.parts)


def test_every_package_is_on_the_map() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [
        str(p.relative_to(ROOT))
        for p in _packages()
        if p.name != "llmstudio" and f"{p.name}/" not in doc
    ]
    assert not missing, f"docs/architecture.md does not name these packages; add them to its tree: {missing}"


def test_no_package_on_the_map_is_gone() -> None:
    doc = DOC.read_text(encoding="utf-8")
    tree = doc.split("```")[1]
    names = {p.name for p in _packages()}
    listed = {
        line.strip().split()[0].rstrip("/")
        for line in tree.splitlines()
        if line.strip() and line.strip().split()[0].endswith("/") and "<" not in line
    }
    gone = sorted(listed - names - {"llmstudio"})
    assert not gone, f"docs/architecture.md names packages that no longer exist: {gone}"


def test_no_source_file_over_the_limit() -> None:
    long = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for p in sorted((ROOT / "llmstudio").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, f"files over {MAX_LINES} lines; split them by concept: {long}"
