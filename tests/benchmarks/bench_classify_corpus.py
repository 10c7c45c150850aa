"""Classifier quality on a real labelled corpus: the Transformer against the TF-IDF + logistic
regression baseline on the same split, and ``classify eval`` against scikit-learn computed
from ``classify predict``'s output.

    .venv/bin/python tests/benchmarks/bench_classify_corpus.py --corpus movies
    .venv/bin/python tests/benchmarks/bench_classify_corpus.py --corpus spam --vocab-size 8000 --data /tmp/corpora

(docs/benchmarks.md lists every run made with it, and its figures.)

The corpus is fetched into a temporary folder (see ``classify_corpora``); the pipeline is
the CLI a user runs: new, import --label-field label, clean (Minimal), split (stratified,
duplicates kept together), tokenizer (its token shards follow the split, so with
--pretrain-steps the language model never trains on a test document), optionally train
(the language model) then classify train --from-run, else classify train; --baseline
beside it, classify eval --split test, classify predict --split test. Prints the figures and one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify_corpora import CORPORA  # noqa: E402
from sklearn import metrics as skm  # noqa: E402

from llmstudio.cli import main  # noqa: E402


def cli(*args: str) -> str:
    """Run one llmstudio command; returns its stdout, raises when it fails."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(list(args))
    if code != 0:
        raise SystemExit(f"llmstudio {' '.join(args)} exited {code}:\n{buffer.getvalue()}")
    return buffer.getvalue()


def gold_labels(folder: Path, split: str) -> dict[int, str]:
    from llmstudio.core.classify.data import resolve_schema
    from llmstudio.core.classify.evaluate import split_documents
    from llmstudio.core.project import Project

    with Project.open(folder) as project:
        docs = split_documents(project, resolve_schema(project, "label"), split)
        return {doc: names[0] for doc, names in zip(docs.ids, docs.labels, strict=True)}


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="movies")
    parser.add_argument("--vocab-size", type=int, default=4000)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--set", action="append", default=[], help="classify/model/train overrides")
    parser.add_argument("--data", help="folder to keep the downloaded corpus in (default: temporary)")
    parser.add_argument("--pretrain-steps", type=int, default=0,
                        help="first train a language model on the corpus for N steps, then fine-tune it (--from-run)")
    parser.add_argument("--pretrain-set", action="append", default=[], help="model/train overrides of that LM run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = CORPORA[args.corpus](Path(args.data or tmp) / args.corpus)
        folder = Path(tmp) / "project"
        started = time.perf_counter()
        cli("new", str(folder))
        cli("import", str(folder), str(data), "--label-field", "label", "-q")
        cli("clean", str(folder), "--recipe", "Minimal")
        # split first: the token shards follow it, so a pretrained language model never sees a test document
        cli("split", str(folder), "--schema", "label", "--ratios", "0.8,0.1,0.1", "--seed", "0", "-q")
        cli("tokenizer", str(folder), "--vocab-size", str(args.vocab_size))
        prepared = time.perf_counter()
        sets = [a for s in args.set for a in ("--set", s)]
        if args.pretrain_steps:
            lm_sets = [a for s in args.pretrain_set for a in ("--set", s)]
            cli("train", str(folder), "--preset", "tiny", "--max-steps", str(args.pretrain_steps), "--device",
                args.device, *lm_sets)
            sets += ["--from-run", "1"]
        pretrained = time.perf_counter()
        trained = json.loads(cli("classify", "train", str(folder), "--schema", "label", "--baseline", "--device",
                                 args.device, "--json", *sets).strip().splitlines()[-1])
        train_s = time.perf_counter() - pretrained
        pretrain_s = pretrained - prepared
        run = str(trained["run_id"])
        figures = json.loads(cli("classify", "eval", str(folder), "--run", run, "--split", "test", "--device",
                                 args.device, "--json"))
        baseline = json.loads(cli("classify", "eval", str(folder), "--run", "baseline", "--split", "test", "--json"))
        rows = [json.loads(line) for line in cli("classify", "predict", str(folder), "--run", run, "--split", "test",
                                                  "--device", args.device, "--json").splitlines()]
        gold = gold_labels(folder, "test")
        truth = [gold[r["id"]] for r in rows]
        predicted = [r["label"] for r in rows]
        labels = figures["labels"]
        report = skm.classification_report(truth, predicted, labels=labels, output_dict=True, zero_division=0)
        checks = {
            "n": figures["n"] == len(rows),
            "accuracy": abs(figures["accuracy"] - skm.accuracy_score(truth, predicted)) < 1e-12,
            "macro_f1": abs(figures["macro_f1"] - report["macro avg"]["f1-score"]) < 1e-12,
            "weighted_f1": abs(figures["weighted_f1"] - report["weighted avg"]["f1-score"]) < 1e-12,
            "per_label": all(abs(figures["per_label"][n]["f1"] - report[n]["f1-score"]) < 1e-12 for n in labels),
            "confusion": figures["confusion"] == skm.confusion_matrix(truth, predicted, labels=labels).tolist(),
        }
        print(f"corpus {args.corpus}: {len(gold)} test documents, prepared in {prepared - started:.0f}s, "
              f"language model pretrained in {pretrain_s:.0f}s, classifier trained in {train_s:.0f}s")
        print(f"{'':<24}{'Transformer':>12}{'TF-IDF + LR':>12}")
        for key in ("accuracy", "macro_f1", "micro_f1", "weighted_f1", "roc_auc"):
            print(f"{key:<24}{figures.get(key) or 0:>12.4f}{baseline.get(key) or 0:>12.4f}")
        print(f"eval equals sklearn from predict output: {all(checks.values())} {checks}")
        print(json.dumps({"corpus": args.corpus, "run_id": trained["run_id"], "test_n": figures["n"],
                          "transformer_macro_f1": figures["macro_f1"], "baseline_macro_f1": baseline["macro_f1"],
                          "transformer_accuracy": figures["accuracy"], "baseline_accuracy": baseline["accuracy"],
                          "eval_equals_sklearn": all(checks.values()), "train_seconds": round(train_s, 1),
                          "pretrain_steps": args.pretrain_steps, "pretrain_seconds": round(pretrain_s, 1),
                          "pretrain_settings": args.pretrain_set, "settings": args.set}))


if __name__ == "__main__":
    main_bench()
