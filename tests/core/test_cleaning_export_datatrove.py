"""An exported datatrove script, run by datatrove's local executor, keeps what llmstudio keeps.

datatrove is the oracle and the runner here: the script is run as a user would run it
(a subprocess, JSONL or Parquet in and out) and its kept documents are compared with the
snapshot llmstudio makes from the same texts. Skipped when datatrove is not installed
(the ``datatrove`` extra; CI installs it).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from cleaning_helpers import new_project, real_paragraphs

from llmstudio.cli import main as cli_main
from llmstudio.core.cleaning.export_datatrove import datatrove_script
from llmstudio.core.cleaning.pipeline import iter_kept_texts, run_recipe
from llmstudio.core.cleaning.recipe import PRESETS, Recipe, StepSpec
from llmstudio.core.errors import StudioError

RECIPE = Recipe(
    "cluster",
    (
        StepSpec("normalize"),
        StepSpec("exact_dedup"),
        StepSpec("min_length", {"min_chars": 200}),
        StepSpec("gopher_repetition", {"max_dup_line_fraction": 0.25}),
        StepSpec("gopher_quality", {"min_words": 60}),
        StepSpec("fineweb_quality"),
    ),
)


def corpus() -> list[str]:
    """Real prose with what each step removes or changes planted in it."""
    rng = random.Random(3)
    paragraphs = real_paragraphs()
    docs = ["\n\n".join(paragraphs[i : i + 3]) for i in range(0, 150, 3)]
    docs += [d.upper().replace(" ", "  ") for d in rng.sample(docs, 6)]  # copies for exact dedup
    docs += [d.replace("\n", "\r\n") + "\x07" for d in rng.sample(docs, 4)]  # changed by normalise
    docs.append(docs[0].replace("the ", "the café ", 5).encode("utf-8").decode("latin-1"))  # mojibake
    docs += ["too short", "- item\n" * 40, ("the same line again\n" * 30) + docs[1], "# # # #\n" * 80]
    docs += [" ".join(rng.choice(["a", "b", "c"]) for _ in range(300))]
    docs += ["短い文章です。" * 80]
    docs += [" ".join(d.split()[:55]).rstrip(".") + "." for d in docs[5:8]]  # between min_words 60 and the default 50
    rng.shuffle(docs)
    return docs


def run_script(script: Path, inp: Path, out: Path, fmt: str) -> list[str]:
    cmd = [sys.executable, str(script), "--input", str(inp), "--input-format", fmt, "--output", str(out),
           "--output-format", fmt, "--tasks", "1", "--workers", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    if fmt == "jsonl":
        return [json.loads(line)["text"] for path in sorted(out.glob("*.jsonl")) for line in open(path, encoding="utf-8")]
    import pyarrow.parquet as pq

    return [t for path in sorted(out.glob("*.parquet")) for t in pq.read_table(path)["text"].to_pylist()]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_exported_script_keeps_the_same_documents(tmp_path: Path, fmt: str) -> None:
    pytest.importorskip("datatrove")
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    texts = corpus()
    project, _ = new_project(tmp_path, texts)
    summary = run_recipe(project, RECIPE, "here", workers=1)
    ours = sorted(text for _, text in iter_kept_texts(project, summary.snapshot_id))
    removed_by = {s.step: s.removed for s in summary.steps}
    assert all(removed_by[step] > 0 for step in ("exact_dedup", "min_length", "gopher_repetition", "gopher_quality"))
    assert 20 < len(ours) < len(texts)

    inp = tmp_path / "in"
    inp.mkdir()
    records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    if fmt == "jsonl":
        (inp / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), inp / "docs.parquet")
    script = tmp_path / "clean.py"
    script.write_text(datatrove_script(RECIPE), encoding="utf-8")
    theirs = sorted(run_script(script, inp, tmp_path / "out", fmt))
    assert theirs == ours


def test_cli_writes_the_script_and_refuses_steps_without_an_equivalent(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project, _ = new_project(tmp_path, ["one document"])
    target = tmp_path / "gopher.py"
    assert cli_main(["clean", str(project.root), "--recipe", "Gopher", "--export-datatrove", str(target)]) == 0
    source = target.read_text(encoding="utf-8")
    compile(source, str(target), "exec")
    assert "GopherQuality(min_doc_words=50" in source and "ExactDedupSignature" in source
    assert project.count("SELECT count(*) FROM snapshots") == 0  # exporting cleans nothing
    with pytest.raises(StudioError, match="no faithful datatrove equivalent for step.*language"):
        datatrove_script(PRESETS["C4"])
    assert cli_main(["clean", str(project.root), "--recipe", "C4", "--export-datatrove", str(tmp_path / "c4.py")]) == 1
    assert "language" in capsys.readouterr().err
    assert not (tmp_path / "c4.py").exists()
