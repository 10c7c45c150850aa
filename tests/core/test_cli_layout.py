"""The CLI's shape stays true to what users read: the README command table and --version."""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

import pytest

import llmstudio
from llmstudio.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_readme_command_table_lists_exactly_the_commands_there_are() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("\n\n|", 1)[1].split("\n\n", 1)[0]
    documented = set(re.findall(r"`llmstudio ([a-z][a-z-]*)", table))
    assert documented == _commands(build_parser())


def test_the_version_is_written_once_and_reported_by_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "llmstudio.__version__"}
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"llmstudio {llmstudio.__version__}"
