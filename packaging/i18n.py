"""Keep the interface translations in step with the code: update, compile, check.

    python packaging/i18n.py update    # collect new/changed strings from llmstudio/gui into the .ts files
    python packaging/i18n.py compile   # .ts -> .qm (what the app loads; shipped in resources/i18n)
    python packaging/i18n.py check     # fail if a string has no translation or a .qm is stale

After ``update``, open ``resources/i18n/llmstudio_zh_CN.ts`` (a text editor or
``pyside6-linguist``), fill in every ``<translation type="unfinished">`` and remove the
``type="unfinished"`` attribute, then run ``compile``. Source locations are not stored
(``-locations none``) so the .ts changes only when strings do, and merges stay small.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "llmstudio" / "gui"
I18N = REPO / "resources" / "i18n"
LANGUAGES = ("zh_CN",)
HOW_TO_FIX = (
    "To fix: run `python packaging/i18n.py update`, translate every entry marked "
    '<translation type="unfinished"> in resources/i18n/llmstudio_zh_CN.ts (and drop the type="unfinished" '
    "attribute), then run `python packaging/i18n.py compile` and commit both the .ts and the .qm."
)


def ts_path(language: str) -> Path:
    return I18N / f"llmstudio_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"llmstudio_{language}.qm"


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python, else on PATH."""
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    bundled = Path(PySide6.__file__).parent / (f"{name}.exe" if sys.platform == "win32" else name)
    if bundled.is_file():
        return str(bundled)
    raise SystemExit(f"pyside6-{name} not found; install PySide6 (pip install PySide6-Essentials)")


def source_files() -> list[str]:
    return sorted(str(p) for p in SOURCES.rglob("*.py"))


def lupdate(ts_file: Path) -> None:
    """Merge the strings of the GUI sources into ``ts_file`` (created if missing)."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none", *source_files(),
                    "-ts", str(ts_file)], check=True, cwd=REPO)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True, cwd=REPO)


def unfinished(ts_file: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source", "")
            if translation is None:
                missing.append((name, source))
                continue
            kind = translation.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            numerus = [form.text for form in translation.iter("numerusform")]
            empty = not (translation.text or "").strip() and not any(numerus)
            if kind == "unfinished" or empty:
                missing.append((name, source))
    return missing


def check(language: str) -> list[str]:
    """Problems with ``language``'s catalogue, each a line; empty when all is well."""
    problems: list[str] = []
    ts_file = ts_path(language)
    if not ts_file.is_file():
        return [f"{ts_file} is missing. {HOW_TO_FIX}"]
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / ts_file.name
        shutil.copyfile(ts_file, fresh)
        lupdate(fresh)
        missing = unfinished(fresh)
        if missing:
            listed = "\n".join(f"  [{context}] {source!r}" for context, source in missing[:40])
            more = f"\n  … and {len(missing) - 40} more" if len(missing) > 40 else ""
            problems.append(f"{len(missing)} interface strings have no {language} translation:\n{listed}{more}\n"
                            f"{HOW_TO_FIX}")
        compiled = Path(folder) / "fresh.qm"
        lrelease(ts_file, compiled)
        qm_file = qm_path(language)
        if not qm_file.is_file() or qm_file.read_bytes() != compiled.read_bytes():
            problems.append(f"{qm_file} is missing or older than {ts_file.name}. Run "
                            "`python packaging/i18n.py compile` and commit the .qm.")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "compile", "check"))
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        if args.command == "update":
            lupdate(ts_path(language))
            left = unfinished(ts_path(language))
            print(f"{ts_path(language)}: {len(left)} strings to translate")
        elif args.command == "compile":
            lrelease(ts_path(language), qm_path(language))
            print(f"wrote {qm_path(language)}")
        else:
            problems = check(language)
            for problem in problems:
                print(problem, file=sys.stderr)
            status = 1 if problems else status
    return status


if __name__ == "__main__":
    sys.exit(main())
