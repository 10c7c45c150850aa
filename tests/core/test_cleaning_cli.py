"""``llmstudio clean`` as a person types it: presets, recipe files, JSON output, errors."""

from __future__ import annotations

import json

from cleaning_helpers import CHINESE_PROSE, distinct_paragraphs, new_project

from llmstudio.cli import main
from llmstudio.core.cleaning.recipe import Recipe, StepSpec


def make_project(tmp_path):
    texts = distinct_paragraphs(20)
    texts += [texts[0], "tiny", CHINESE_PROSE]
    project, ids = new_project(tmp_path, texts)
    return project, ids


def test_clean_prints_per_step_counts(tmp_path, capsys):
    project, _ = make_project(tmp_path)
    assert main(["clean", str(project.root), "--recipe", "Gopher", "--snapshot", "g1"]) == 0
    text = capsys.readouterr().out
    assert "snapshot 'g1' (recipe 'Gopher')" in text
    assert "exact_dedup" in text and "gopher_quality" in text
    assert "exact duplicate of an earlier document" in text


def test_clean_json_is_one_object_with_steps_and_reasons(tmp_path, capsys):
    project, _ = make_project(tmp_path)
    assert main(["clean", str(project.root), "--recipe", "gopher + near-dedup", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recipe"] == "Gopher + near-dedup"
    assert data["documents"] == 23 and data["kept"] + data["removed"] == 23
    steps = {s["step"]: s for s in data["steps"]}
    assert set(steps) == {"normalize", "exact_dedup", "gopher_repetition", "gopher_quality", "near_dedup"}
    assert steps["exact_dedup"]["removed"] == 1
    assert steps["exact_dedup"]["reasons"] == {"exact duplicate of an earlier document": 1}
    assert {"kept", "removed", "changed", "reasons"} <= set(steps["normalize"])
    row = project.db.execute("SELECT name, kept_count FROM snapshots").fetchone()
    assert tuple(row) == (data["snapshot"], data["kept"])


def test_clean_with_a_recipe_file(tmp_path, capsys):
    project, _ = make_project(tmp_path)
    path = tmp_path / "mine.toml"
    recipe = Recipe("mine", (StepSpec("pii"), StepSpec("min_length", {"min_chars": 10})))
    path.write_text(recipe.to_toml(), encoding="utf-8")
    assert main(["clean", str(project.root), "--recipe", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recipe"] == "mine" and data["removed"] == 1


def test_clean_bad_recipe_file_names_step_and_setting(tmp_path, capsys):
    project, _ = make_project(tmp_path)
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n[[steps]]\nstep = "gopher_quality"\nmin_words = "many"\n', encoding="utf-8")
    assert main(["clean", str(project.root), "--recipe", str(path)]) != 0
    err = capsys.readouterr().err
    assert "step 1 'gopher_quality': setting 'min_words' must be a whole number" in err
    assert project.count("SELECT count(*) FROM snapshots") == 0


def test_clean_unknown_recipe_lists_presets(tmp_path, capsys):
    project, _ = make_project(tmp_path)
    assert main(["clean", str(project.root), "--recipe", "nope"]) != 0
    err = capsys.readouterr().err
    assert "unknown recipe 'nope'" in err and "FineWeb" in err


def test_every_step_runs_from_a_recipe_file(tmp_path, capsys):
    from llmstudio.core.cleaning.steps import STEP_TYPES

    project, _ = make_project(tmp_path)
    order = ["normalize", "exact_dedup", "near_dedup", "language", "pii", "max_length", "min_length", "regex",
             "blocklist", "gopher_repetition", "gopher_quality", "c4_quality", "c4_badwords", "fineweb_quality",
             "spell_correct", "stem", "remove_stop_words"]
    assert sorted(order) == sorted(STEP_TYPES)
    relaxed = {"gopher_quality": {"min_words": 1}, "c4_quality": {"min_sentences": 0},
               "fineweb_quality": {"min_punct_lines": 0.0, "max_short_lines": 1.0, "max_dup_line_chars": 1.0},
               "language": {"keep": ["en", "zh"], "min_score": 0.0}, "regex": {"patterns": ["zzzz"]},
               "max_length": {"max_chars": 500}}
    recipe = Recipe("everything", tuple(StepSpec(name, relaxed.get(name, {})) for name in order))
    path = tmp_path / "everything.toml"
    path.write_text(recipe.to_toml(), encoding="utf-8")
    assert main(["clean", str(project.root), "--recipe", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["step"] for s in data["steps"]] == order
    assert data["kept"] > 0
