"""A mistyped command line is answered by the command it was meant for, with a hint that fixes it.

Found by a user pass: ``llmstudio labels DIR stats --schema X`` printed the top-level usage and
an error naming no command, and a setting of the wrong kind read "expects a int". Each case here
is typed the way a person types it, against a real project folder made by ``llmstudio new``.
"""

from __future__ import annotations

import argparse
import fnmatch
from pathlib import Path

import pytest

from llmstudio.cli import build_parser, main
from llmstudio.core.project import Project


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    project = tmp_path / "p"
    assert main(["new", str(project)]) == 0
    capsys.readouterr()
    return project


def usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, str]:
    """The usage line's program and the one error line, for a command line argparse refuses (exit 2)."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1 and lines[-1] == errors[0], lines
    assert lines[0].startswith("usage: ")
    return lines[0], errors[0]


@pytest.mark.parametrize(("argv", "usage", "error"), [
    (["labels", "{p}", "stats", "--schema", "X"], "usage: llmstudio labels DIR stats ",
     "llmstudio labels DIR stats: error: unrecognized arguments: --schema X; --schema is an option of import "
     "and export, not of stats"),
    (["labels", "{p}", "--json", "stats"], "usage: llmstudio labels ",
     "llmstudio labels: error: unrecognized arguments: --json; --json goes after the action: "
     "llmstudio labels DIR stats --json"),
    (["labels", "stats", "{p}"], "usage: llmstudio labels ",
     "llmstudio labels: error: argument ACTION: invalid choice: '{p}' (choose from import, export, stats); "
     "write it as: llmstudio labels DIR stats ..."),
    (["labels", "stats"], "usage: llmstudio labels ",
     "llmstudio labels: error: the project folder is missing: llmstudio labels DIR stats ..."),
    (["labels", "{p}", "stat"], "usage: llmstudio labels ",
     "llmstudio labels: error: argument ACTION: invalid choice: 'stat' (choose from import, export, stats); "
     "did you mean 'stats'?"),
    (["model", "{p}"], "usage: llmstudio model ",
     "llmstudio model: error: the following arguments are required: ACTION (one of: import, export)"),
    (["model", "export", "{p}", "--run", "1"], "usage: llmstudio model ",
     "llmstudio model: error: argument ACTION: invalid choice: '{p}' (choose from import, export); "
     "write it as: llmstudio model DIR export ..."),
    (["classify", "{p}", "train"], "usage: llmstudio classify ",
     "llmstudio classify: error: argument WHAT: invalid choice: '{p}' (choose from train, eval, predict); "
     "write it as: llmstudio classify train DIR ..."),
    (["instruct", "{p}", "list", "extra"], "usage: llmstudio instruct DIR list ",
     "llmstudio instruct DIR list: error: unrecognized arguments: extra; "
     "see 'llmstudio instruct DIR list --help' for its arguments"),
    (["generate", "{p}", "--prompt", "call", "me", "Ishmael"], "usage: llmstudio generate ",
     'llmstudio generate: error: unrecognized arguments: me Ishmael; put a value with spaces in quotes: '
     '--prompt "call me Ishmael"'),
    (["train", "{p}", "-v"], "usage: llmstudio train ",
     "llmstudio train: error: unrecognized arguments: -v; -v goes before the command: llmstudio -v train ..."),
    (["--json", "info", "{p}"], "usage: llmstudio ",
     "llmstudio: error: unrecognized arguments: --json; --json goes after the command: llmstudio info DIR --json"),
    (["{p}/gone"], "usage: llmstudio ",
     "llmstudio: error: argument COMMAND: invalid choice: '{p}/gone' (choose from new, info, * instruct); "
     "to open a project in the app, give the path of its folder"),
    (["tran", "{p}"], "usage: llmstudio ",
     "llmstudio: error: argument COMMAND: invalid choice: 'tran' (choose from new, info, * instruct); "
     "did you mean 'train'?"),
    (["info", "{p}", "--bogus"], "usage: llmstudio info ",
     "llmstudio info: error: unrecognized arguments: --bogus; see 'llmstudio info --help' for its options"),
    (["train", "{p}", "--max-steps", "x"], "usage: llmstudio train ",
     "llmstudio train: error: argument --max-steps: expects a whole number, not 'x'"),
    (["split", "{p}", "--seed", "1.5"], "usage: llmstudio split ",
     "llmstudio split: error: argument --seed: expects a whole number, not '1.5'"),
])
def test_a_wrong_command_line_gets_its_commands_usage_and_one_line_that_says_what_to_do(
        folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str], usage: str, error: str) -> None:
    before = sorted(p.name for p in folder.iterdir())
    usage_line, error_line = usage_error(capsys, [a.format(p=folder) for a in argv])
    assert usage_line.startswith(usage)
    if "*" in error:  # the list of every command, which grows
        assert fnmatch.fnmatchcase(error_line, error.format(p=folder)), error_line
    else:
        assert error_line == error.format(p=folder)
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing ran


def _dir(parser: argparse.ArgumentParser) -> list[str]:
    return [a.metavar for a in parser._actions if not a.option_strings and a.metavar == "DIR"]


def _leaf_commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command's program words (``labels DIR stats``, ``classify train``)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _leaf_commands(child, (*words, *_dir(parser), name))
    return found or [words]


def test_every_command_answers_an_unknown_option_itself(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No command hands its mistakes to the top-level parser (whose usage names no command)."""
    parser = build_parser()
    commands = _leaf_commands(parser)
    assert ("labels", "DIR", "stats") in commands and ("classify", "train") in commands and len(commands) > 25
    for words in commands:
        leaf = parser
        for word in words:
            if word != "DIR":
                leaf = next(a for a in leaf._actions if isinstance(a, argparse._SubParsersAction)).choices[word]
        argv = [str(folder) if w == "DIR" else w for w in (*words, *_dir(leaf))] + ["--bogus"]
        prog = "llmstudio " + " ".join(words)
        usage_line, error_line = usage_error(capsys, argv)
        assert usage_line.startswith(f"usage: {prog} "), (words, usage_line)
        assert error_line.startswith(f"{prog}: error: "), (words, error_line)


@pytest.mark.parametrize(("setting", "message"), [
    ("model.n_layer=six", "model.n_layer must be a whole number, not 'six'"),
    ("model.n_layer=1.5", "model.n_layer must be a whole number, not '1.5'"),
    ("train.lr=fast", "train.lr expects a number, not 'fast'"),
    ("model.bias=maybe", "model.bias must be true or false, not 'maybe'"),
])
def test_a_setting_of_the_wrong_kind_is_named_in_words(folder: Path, capsys: pytest.CaptureFixture[str],
                                                        setting: str, message: str) -> None:
    assert main(["train", str(folder), "--set", setting]) == 1
    err = capsys.readouterr().err
    assert err == f"llmstudio train: error: {message}\n"
    with Project.open(folder) as project:
        assert project.info()["runs"] == []


def test_a_toml_value_of_the_wrong_kind_is_refused_not_converted(folder: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """``n_layer = true`` once trained one layer, and ``bias = 2`` a biased model, without a word."""
    config = tmp_path / "run.toml"
    for table, message in [("[model]\nn_layer = true\n", "model.n_layer must be a whole number, not true"),
                           ("[model]\nbias = 2\n", "model.bias must be true or false, not 2"),
                           ('[train]\nlr = "fast"\n', "train.lr expects a number, not 'fast'"),
                           ("model = 3\n", "[model] must be a table of settings: a line [model], then one "
                                           "'key = value' line per setting, not model = 3")]:
        config.write_text(table, encoding="utf-8")
        assert main(["train", str(folder), "--config", str(config)]) == 1
        assert capsys.readouterr().err == f"llmstudio train: error: {message}\n"


def test_max_steps_zero_is_refused_rather_than_ignored(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(folder), "--max-steps", "0"]) == 1
    assert capsys.readouterr().err == "llmstudio train: error: train.max_steps must be at least 1, not 0\n"


def test_an_error_names_the_whole_command(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "eval", str(folder), "--run", "99"]) == 1
    assert capsys.readouterr().err == "llmstudio classify eval: error: there is no run with id 99 in this project\n"
