"""A project is a folder with project.sqlite: creating, opening, refusing what it is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from llmstudio.core.db import APPLICATION_ID, SCHEMA_VERSION
from llmstudio.core.db.schema import MIGRATIONS
from llmstudio.core.errors import ProjectError
from llmstudio.core.project import DB_NAME, Project


def test_a_new_project_is_a_folder_with_a_wal_database(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p")
    assert (tmp_path / "p" / DB_NAME).is_file()
    assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    info = project.info()
    assert info["schema_version"] == SCHEMA_VERSION
    assert (info["sources"], info["documents"], info["kept_documents"]) == (0, 0, 0)
    assert info["tokenizers"] == [] and info["runs"] == []


def test_creating_over_an_existing_project_is_refused(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    with pytest.raises(ProjectError, match="already holds a project"):
        Project.create(tmp_path / "p")


def test_opening_a_missing_folder_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist.*llmstudio new"):
        Project.open(tmp_path / "nowhere")


def test_opening_a_folder_that_is_not_a_project_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ProjectError, match="not an llmstudio project"):
        Project.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_file_is_not_a_project(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ProjectError, match="is a file"):
        Project.open(tmp_path / "f")


def test_a_corrupt_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    garbage = b"this is not a database at all" * 100
    (folder / DB_NAME).write_bytes(garbage)
    with pytest.raises(ProjectError, match="damaged or not a database"):
        Project.open(folder)
    assert (folder / DB_NAME).read_bytes() == garbage


def test_another_apps_sqlite_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    sqlite3.connect(folder / DB_NAME).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(ProjectError, match="not an llmstudio project"):
        Project.open(folder)


def test_a_project_from_a_newer_app_is_refused_unchanged(tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    db = tmp_path / "p" / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(ProjectError, match="newer llmstudio"):
        Project.open(tmp_path / "p")
    assert db.read_bytes() == before


def test_an_older_project_is_migrated_forward(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO sources(kind, format, path, created_at) VALUES ('file', 'txt', '/x', 'now')")
    conn.close()
    project = Project.open(folder)
    assert project.count("PRAGMA user_version") == SCHEMA_VERSION
    assert project.source_count() == 1


def test_each_thread_gets_its_own_connection(new_project: Project) -> None:
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(new_project.db))
    thread.start()
    thread.join()
    assert seen[0] is not new_project.db


def test_paths_are_stored_relative_to_the_folder(new_project: Project) -> None:
    inside = new_project.root / "tokenizers" / "a" / "m.model"
    assert new_project.relative(inside) == "tokenizers/a/m.model"
    assert new_project.absolute("tokenizers/a/m.model") == inside


def test_settings_round_trip(new_project: Project) -> None:
    new_project.set_setting("run_config", {"model": {"n_layer": 2}})
    assert new_project.get_setting("run_config") == {"model": {"n_layer": 2}}
    assert new_project.get_setting("missing", 5) == 5
