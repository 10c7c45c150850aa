"""`llmstudio PROJECT_DIR` opens the app on that project, as a desktop or shell user expects."""

from __future__ import annotations

from pathlib import Path

import pytest

import llmstudio.cli as cli
from llmstudio.core.project import Project


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Record which folder the app would open on (the window itself is tested in tests/gui)."""
    calls: list[Path | None] = []
    monkeypatch.setattr(cli, "open_app", lambda folder: calls.append(folder) or 0)
    return calls


def test_a_project_folder_as_the_only_argument_opens_the_app_on_it(tmp_path: Path, opened: list) -> None:
    Project.create(tmp_path / "my project").close()
    assert cli.main([str(tmp_path / "my project")]) == 0
    assert opened == [tmp_path / "my project"]


def test_no_argument_opens_the_app_on_the_last_project(opened: list) -> None:
    assert cli.main([]) == 0
    assert opened == [None]


def test_a_command_name_is_still_a_command(tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", str(tmp_path / "p")]) == 0
    assert opened == []


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path, opened: list, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(tmp_path / "nowhere")])
    assert exit_info.value.code == 2 and opened == []
    assert "nowhere" in capsys.readouterr().err
