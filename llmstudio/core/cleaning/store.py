"""Saved recipes and the user's force-keep / force-drop decisions, kept in the project.

``resolve_recipe`` turns what a person typed (a TOML file, a saved recipe's name, or a
preset's name) into a recipe, in that order, with a message listing what exists when
nothing matches.
"""

from __future__ import annotations

import json
from pathlib import Path

from llmstudio.core.changes import Changed, declares
from llmstudio.core.cleaning.recipe import PRESETS, Recipe
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project, utc_now


@declares(Changed.RECIPES)
def save_recipe(project: Project, recipe: Recipe) -> None:
    """Save (or replace) a recipe under its name, after checking it."""
    recipe.check()
    if not recipe.name.strip():
        raise StudioError("give the recipe a name before saving it")
    now = utc_now()
    with transaction(project.db) as conn:
        conn.execute(
            "INSERT INTO cleaning_recipes(name, recipe_json, created_at, updated_at) VALUES (?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET recipe_json = excluded.recipe_json, updated_at = excluded.updated_at",
            (recipe.name, json.dumps(recipe.to_dict()), now, now),
        )


def saved_recipes(project: Project) -> list[Recipe]:
    rows = project.db.execute("SELECT recipe_json FROM cleaning_recipes ORDER BY name").fetchall()
    return [Recipe.from_dict(json.loads(r[0])) for r in rows]


@declares(Changed.RECIPES)
def delete_recipe(project: Project, name: str) -> None:
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM cleaning_recipes WHERE name = ?", (name,))


def resolve_recipe(project: Project, name_or_file: str | None) -> Recipe:
    """A TOML file path, a saved recipe name or a preset name (default: Minimal)."""
    if not name_or_file:
        return PRESETS["Minimal"]
    path = Path(name_or_file).expanduser()
    if path.suffix.lower() == ".toml" or path.is_file():
        if not path.is_file():
            raise StudioError(f"the recipe file {path} does not exist")
        return Recipe.load(path)
    for recipe in saved_recipes(project):
        if recipe.name.lower() == name_or_file.lower():
            return recipe
    for key, recipe in PRESETS.items():
        if key.lower() == name_or_file.lower():
            return recipe
    saved = [r.name for r in saved_recipes(project)]
    known = ", ".join([*PRESETS, *saved])
    raise StudioError(f"unknown recipe '{name_or_file}': give a .toml file or one of: {known}")


@declares(Changed.SNAPSHOTS)
def set_override(
    project: Project, document_id: int, action: str | None, note: str | None = None, snapshot_id: int | None = None
) -> None:
    """Force-keep ('keep') or force-drop ('drop') a document, or clear (None) the override.

    The override applies to every later run; with ``snapshot_id`` it is also applied to that
    snapshot at once (its counts in ``stats_json`` describe the run and are not rewritten).
    """
    if action not in ("keep", "drop", None):
        raise StudioError(f"an override is 'keep' or 'drop', not {action!r}")
    if project.count("SELECT count(*) FROM documents WHERE id = ?", (document_id,)) == 0:
        raise StudioError(f"there is no document {document_id} in this project")
    with transaction(project.db) as conn:
        if action is None:
            conn.execute("DELETE FROM cleaning_overrides WHERE document_id = ?", (document_id,))
        else:
            conn.execute(
                "INSERT INTO cleaning_overrides(document_id, action, note, created_at) VALUES (?,?,?,?) "
                "ON CONFLICT(document_id) DO UPDATE SET action = excluded.action, note = excluded.note",
                (document_id, action, note, utc_now()),
            )
        if snapshot_id is not None and action is not None:
            if action == "drop":
                conn.execute(
                    "UPDATE snapshot_documents SET kept = 0, step = 'override', reason = 'force-dropped by you', "
                    "value = NULL WHERE snapshot_id = ? AND document_id = ? AND kept = 1",
                    (snapshot_id, document_id),
                )
            else:
                conn.execute(
                    "UPDATE snapshot_documents SET kept = 1, reason = 'force-kept by you (the ' || step || "
                    "' step removed it: ' || reason || ')', step = 'override' "
                    "WHERE snapshot_id = ? AND document_id = ? AND kept = 0",
                    (snapshot_id, document_id),
                )
            conn.execute(
                "UPDATE snapshots SET kept_count = (SELECT count(*) FROM snapshot_documents "
                "WHERE snapshot_id = ? AND kept = 1) WHERE id = ?",
                (snapshot_id, snapshot_id),
            )


def overrides(project: Project) -> dict[int, str]:
    rows = project.db.execute("SELECT document_id, action FROM cleaning_overrides").fetchall()
    return {int(r[0]): r[1] for r in rows}
