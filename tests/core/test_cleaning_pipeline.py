"""Running recipes over a real project: snapshots, all cores, cancel, overrides, recipes as
TOML, and the bad input the issue lists."""

from __future__ import annotations

import json

import pytest
from cleaning_helpers import CHINESE_PROSE, distinct_paragraphs, new_project

from llmstudio.core.cleaning import pipeline
from llmstudio.core.cleaning.pipeline import iter_kept_texts, run_recipe
from llmstudio.core.cleaning.preview import preview_recipe
from llmstudio.core.cleaning.queries import (
    document_versions,
    duplicate_pairs,
    funnel,
    histogram_values,
    reason_counts,
    removed_documents,
)
from llmstudio.core.cleaning.recipe import PRESETS, Recipe, StepSpec
from llmstudio.core.cleaning.steps.length import CHUNK_SEPARATOR
from llmstudio.core.cleaning.store import resolve_recipe, save_recipe, saved_recipes, set_override
from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken


@pytest.fixture()
def corpus():
    paragraphs = distinct_paragraphs(40)
    texts = list(paragraphs[:40])
    texts += [paragraphs[0], paragraphs[1].upper()]  # exact copies (the second differs in case only)
    texts += [paragraphs[2] + " Share this page.", paragraphs[3].replace("the", "a", 2)]  # near copies
    texts += ["", "tiny", "• a\n• b\n• c", CHINESE_PROSE]
    return texts


def test_gopher_near_dedup_run_writes_a_complete_snapshot(tmp_path, corpus):
    project, ids = new_project(tmp_path, corpus)
    summary = run_recipe(project, PRESETS["Gopher + near-dedup"], "first")
    assert summary.documents == len(corpus)
    assert summary.kept + summary.removed == len(corpus)
    row = project.db.execute("SELECT status, kept_count FROM snapshots WHERE id = ?", (summary.snapshot_id,)).fetchone()
    assert tuple(row) == ("complete", summary.kept)
    reasons = {(step, reason) for step, reason, _ in reason_counts(project, summary.snapshot_id)}
    assert ("exact_dedup", "exact duplicate of an earlier document") in reasons
    assert ("near_dedup", "near duplicate of an earlier document") in reasons
    pairs = duplicate_pairs(project, summary.snapshot_id)
    assert {(p.document_id, p.duplicate_of, p.kind) for p in pairs} >= {
        (ids[40], ids[0], "exact"), (ids[41], ids[1], "exact"), (ids[42], ids[2], "near"), (ids[43], ids[3], "near"),
    }
    stages = funnel(project, summary.snapshot_id)
    assert stages[0].documents == len(corpus)
    assert stages[-1].documents == summary.kept
    assert [s.documents for s in stages] == sorted((s.documents for s in stages), reverse=True)
    removed = removed_documents(project, summary.snapshot_id, step="exact_dedup")
    assert [r.document_id for r in removed] == [ids[40], ids[41]]
    kept_ids = [doc_id for doc_id, _ in iter_kept_texts(project, summary.snapshot_id)]
    assert len(kept_ids) == summary.kept and ids[0] in kept_ids and ids[40] not in kept_ids
    assert project.db.execute("SELECT text FROM documents WHERE id = ?", (ids[44],)).fetchone()[0] == ""  # originals untouched


def test_cjk_document_survives_the_gopher_rules(tmp_path, corpus):
    project, ids = new_project(tmp_path, corpus)
    summary = run_recipe(project, PRESETS["Gopher"])
    versions = document_versions(project, summary.snapshot_id, ids[-1])
    assert versions is not None and versions.kept, versions


def test_all_cores_give_the_same_snapshot_as_one(tmp_path, corpus, monkeypatch):
    project, _ = new_project(tmp_path, corpus * 3)
    one = run_recipe(project, PRESETS["FineWeb"], "one", workers=1)
    monkeypatch.setattr(pipeline, "IN_PROCESS_BELOW", 0)
    monkeypatch.setattr(pipeline, "BATCH", 16)
    two = run_recipe(project, PRESETS["FineWeb"], "two", workers=2)
    assert two.workers == 2
    assert one.to_dict()["steps"] == two.to_dict()["steps"]

    def rows(snapshot_id):
        return project.db.execute(
            "SELECT document_id, kept, text, step, reason, value FROM snapshot_documents WHERE snapshot_id = ? "
            "ORDER BY document_id", (snapshot_id,)
        ).fetchall()

    assert [tuple(r) for r in rows(one.snapshot_id)] == [tuple(r) for r in rows(two.snapshot_id)]


def test_cancel_mid_run_keeps_the_previous_snapshot(tmp_path, corpus, monkeypatch):
    project, _ = new_project(tmp_path, corpus * 5)
    first = run_recipe(project, PRESETS["Minimal"], "kept-one")
    monkeypatch.setattr(pipeline, "BATCH", 10)
    cancel = CancelToken()
    seen = []

    def progress(fraction, message=""):
        seen.append(fraction)
        if len(seen) == 3:
            cancel.cancel()

    with pytest.raises(JobCancelled):
        run_recipe(project, PRESETS["Gopher"], "cancelled", progress=progress, cancel=cancel)
    names = [r[0] for r in project.db.execute("SELECT name FROM snapshots ORDER BY id")]
    assert names == ["kept-one"]
    assert project.kept_document_count(first.snapshot_id) == first.kept
    assert project.count("SELECT count(*) FROM snapshot_documents WHERE snapshot_id != ?", (first.snapshot_id,)) == 0


def test_cancel_with_workers_stops_and_cleans_up(tmp_path, corpus, monkeypatch):
    project, _ = new_project(tmp_path, corpus * 5)
    monkeypatch.setattr(pipeline, "IN_PROCESS_BELOW", 0)
    monkeypatch.setattr(pipeline, "BATCH", 8)
    cancel = CancelToken()
    calls = []

    def progress(fraction, message=""):
        calls.append(fraction)
        if len(calls) == 2:
            cancel.cancel()

    with pytest.raises(JobCancelled):
        run_recipe(project, PRESETS["Gopher"], progress=progress, cancel=cancel, workers=2)
    assert project.count("SELECT count(*) FROM snapshots") == 0


def test_overrides_force_keep_and_force_drop(tmp_path, corpus):
    project, ids = new_project(tmp_path, corpus)
    set_override(project, ids[45], "keep", "short but wanted")  # 'tiny'
    set_override(project, ids[0], "drop")
    summary = run_recipe(project, PRESETS["Minimal"])
    assert summary.forced_kept == 1 and summary.forced_dropped == 1
    tiny = document_versions(project, summary.snapshot_id, ids[45])
    assert tiny.kept and tiny.step == "override" and "min_length" in tiny.reason
    assert not document_versions(project, summary.snapshot_id, ids[0]).kept
    set_override(project, ids[5], "drop", snapshot_id=summary.snapshot_id)
    assert not document_versions(project, summary.snapshot_id, ids[5]).kept
    assert project.kept_document_count(summary.snapshot_id) == summary.kept - 1
    with pytest.raises(StudioError, match="keep' or 'drop"):
        set_override(project, ids[5], "maybe")


def test_max_length_chunks_reach_the_tokenizer_feed(tmp_path):
    long_text = "\n\n".join(["word " * 150] * 20)
    project, ids = new_project(tmp_path, [long_text, "short text here"])
    recipe = Recipe("chunks", (StepSpec("max_length", {"max_chars": 1000}),))
    summary = run_recipe(project, recipe)
    chunks = [t for doc_id, t in iter_kept_texts(project, summary.snapshot_id) if doc_id == ids[0]]
    assert len(chunks) > 5 and all(len(c) <= 1000 and CHUNK_SEPARATOR not in c for c in chunks)


def test_bad_input_empty_huge_binary_and_mixed_scripts(tmp_path):
    huge = ("This is a long line of ordinary English prose for the test. " * 16) + "\n"
    huge = huge * (20_000_000 // len(huge))  # ~20 MB, one document
    texts = ["", "\x00\x01\x02\x03\xff\ufffd" * 100, "Mixed Ελληνικά, русский, 中文 and English " * 20, huge]
    project, ids = new_project(tmp_path, texts)
    summary = run_recipe(project, PRESETS["FineWeb"])
    assert summary.documents == 4
    assert not document_versions(project, summary.snapshot_id, ids[0]).kept
    assert not document_versions(project, summary.snapshot_id, ids[1]).kept
    big = document_versions(project, summary.snapshot_id, ids[3])
    assert big.step in (None, "gopher_repetition", "fineweb_quality", "gopher_quality")


def test_preview_counts_per_rule_with_examples_and_writes_nothing(tmp_path, corpus):
    project, ids = new_project(tmp_path, corpus)
    result = preview_recipe(project, PRESETS["Gopher"], sample_size=100)
    assert result.sample_size == len(corpus)
    by_step = {s.step: s for s in result.steps}
    assert by_step["exact_dedup"].removed == 2
    assert by_step["exact_dedup"].examples[0].document_id == ids[40]
    assert sum(s.removed for s in result.steps) == len(corpus) - result.kept
    assert project.count("SELECT count(*) FROM snapshots") == 0


def test_histogram_values(tmp_path, corpus):
    project, _ = new_project(tmp_path, corpus)
    values = histogram_values(project, sample=20)
    assert len(values["document length (characters)"]) == 20
    assert "mean word length" in values and "lines ending in punctuation" in values


# ---------------------------------------------------------------- recipes


def test_recipe_toml_round_trip_and_saved_recipes(tmp_path, corpus):
    project, _ = new_project(tmp_path, corpus)
    for recipe in PRESETS.values():
        assert Recipe.from_toml(recipe.to_toml()) == recipe
        recipe.build()
    custom = Recipe("Mine", (StepSpec("normalize", {"form": "NFKC"}), StepSpec("regex", {"patterns": ["a\\d+\"b"]})))
    path = tmp_path / "mine.toml"
    path.write_text(custom.to_toml(), encoding="utf-8")
    assert resolve_recipe(project, str(path)) == custom
    save_recipe(project, custom)
    assert [r.name for r in saved_recipes(project)] == ["Mine"]
    assert resolve_recipe(project, "mine") == custom
    assert resolve_recipe(project, "fineweb") == PRESETS["FineWeb"]
    with pytest.raises(StudioError, match="unknown recipe 'nope'.*Minimal.*Mine"):
        resolve_recipe(project, "nope")


@pytest.mark.parametrize(
    "toml,message",
    [
        ('name = "x"\n[[steps]]\nstep = "gopher_qualty"\n', "step 1: unknown step 'gopher_qualty'"),
        ('name = "x"\n[[steps]]\nstep = "normalize"\n[[steps]]\nstep = "gopher_quality"\nmin_wrds = 3\n',
         "step 2 'gopher_quality': unknown setting 'min_wrds'"),
        ('name = "x"\n[[steps]]\nstep = "gopher_quality"\nmin_words = "fifty"\n',
         "step 1 'gopher_quality': setting 'min_words' must be a whole number, not 'fifty'"),
        ('name = "x"\n[[steps]]\nstep = "normalize"\nlowercase = 1\n', "setting 'lowercase' must be true or false"),
        ('name = "x"\n[[steps]]\nstep = "c4_badwords"\nwords = "one"\n', "setting 'words' must be a list of texts"),
        ('name = "x"\n[[steps]]\nstep = "normalize"\nform = "NFX"\n', "setting 'form' must be one of NFC"),
        ('name = "x"\n[[steps]]\nmin_words = 3\n', "each step needs a 'step' name"),
        ('name = "x"\nsteps = [', "is not valid TOML"),
        ('name = "x"\n', "has no steps"),
    ],
)
def test_recipe_errors_name_the_step_and_setting(toml, message):
    with pytest.raises(StudioError, match=message.replace("(", r"\(").replace("[", r"\[")):
        Recipe.from_toml(toml)


def test_floats_accept_integers_in_toml():
    recipe = Recipe.from_toml('name = "x"\n[[steps]]\nstep = "fineweb_quality"\nmax_short_lines = 1\n')
    assert recipe.build()[0].max_short_lines == 1.0


def test_run_refuses_an_existing_name_and_an_empty_project(tmp_path, corpus):
    project, _ = new_project(tmp_path, corpus)
    run_recipe(project, PRESETS["Minimal"], "a")
    with pytest.raises(StudioError, match="already exists"):
        run_recipe(project, PRESETS["Minimal"], "a")
    empty = type(project).create(tmp_path / "empty")
    with pytest.raises(StudioError, match="no documents"):
        run_recipe(empty, PRESETS["Minimal"])


def test_stats_json_matches_the_rows(tmp_path, corpus):
    project, _ = new_project(tmp_path, corpus)
    summary = run_recipe(project, PRESETS["C4"])
    stats = json.loads(project.db.execute("SELECT stats_json FROM snapshots").fetchone()[0])
    for step in stats["steps"]:
        assert step["removed"] == project.count(
            "SELECT count(*) FROM snapshot_documents WHERE snapshot_id = ? AND step = ?", (summary.snapshot_id, step["step"])
        )
    assert stats["kept"] == project.kept_document_count(summary.snapshot_id)
