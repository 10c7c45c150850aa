"""The ``classify`` command group: train, evaluate and apply a classifier run without a window.

``llmstudio classify train DIR [--schema NAME] [--from-run ID] [--freeze-body] [--baseline]
[--set classify.KEY=VALUE ...] [--device auto|cpu|cuda|mps] [--json]``,
``llmstudio classify eval DIR --run ID|baseline [--split test|validation|train] --json`` and
``llmstudio classify predict DIR --run ID (--text TEXT | --split NAME | --all) [--json]``.
With ``--json`` the last stdout line of ``train`` is one JSON object; ``predict`` prints one
JSON object per document.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from llmstudio.cli._common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    job,
    open_project,
    warn_about_split_drift,
)
from llmstudio.cli._common import out as _out
from llmstudio.core.runs import run_config

DEVICES = ["auto", "cpu", "cuda", "mps"]


def _train_config(args: argparse.Namespace) -> Any:
    from llmstudio.core.classify.config import ClassifierRunConfig

    overrides = list(args.set or [])
    if args.schema:
        overrides.append(f"classify.schema={args.schema}")
    if args.from_run is not None:
        overrides.append(f"classify.from_run={args.from_run}")
    if args.freeze_body:
        overrides.append("classify.freeze_body=true")
    if args.baseline:
        overrides.append("classify.baseline=true")
    return ClassifierRunConfig.default().with_overrides(overrides)


def cmd_classify_train(args: argparse.Namespace) -> int:
    from llmstudio.core.classify.runs import create_classifier_run

    project = open_project(args.dir)
    config = _train_config(args)
    warn_about_split_drift(project, config.classify.from_run, "test")
    run_id = create_classifier_run(project, config)
    from llmstudio.core.classify.trainer import ClassifierEvalLogged, train_classifier

    def on_event(event: object) -> None:
        if isinstance(event, ClassifierEvalLogged) and not args.json:
            _out(f"step {event.step:>6}  val loss {event.val_loss:.4f}  val macro-F1 {event.val_f1:.4f}")

    with job(quiet=args.json) as (bar, cancel):
        result = train_classifier(project, run_id, device=args.device, progress=bar, cancel=cancel,
                                  on_event=on_event)
    if args.json:
        payload: dict[str, Any] = {"run_id": result.run_id, "kind": "classifier", "schema": config.classify.schema
                                   or run_config(project, run_id)["classify"]["schema"], "test": result.test,
                                   "status": result.status}
        if result.baseline_test is not None:
            payload["baseline_test"] = result.baseline_test
        _out(json.dumps(payload))
    else:
        _out(f"classifier run {result.run_id} {result.status}: {result.message}")
    return {"completed": EXIT_OK, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def cmd_classify_eval(args: argparse.Namespace) -> int:
    from llmstudio.core.classify.evaluate import evaluate_baseline, evaluate_run

    project = open_project(args.dir)
    if args.run == "baseline":
        figures = evaluate_baseline(project, args.split)
    else:
        figures = evaluate_run(project, _run_id(args.run), args.split, args.device)
    if args.json:
        _out(json.dumps(figures))
        return EXIT_OK
    _out(f"run {figures['run_id']} on {figures['split']} ({figures['n']} documents): accuracy "
         f"{figures['accuracy']:.4f}, macro-F1 {figures['macro_f1']:.4f}, micro-F1 {figures['micro_f1']:.4f}, "
         f"weighted-F1 {figures['weighted_f1']:.4f}")
    for name, row in figures["per_label"].items():
        _out(f"  {name:<20} precision {row['precision']:.4f}  recall {row['recall']:.4f}  f1 {row['f1']:.4f}  "
             f"support {row['support']}")
    return EXIT_OK


def cmd_classify_predict(args: argparse.Namespace) -> int:
    from llmstudio.core.classify.data import document_texts, resolve_schema
    from llmstudio.core.classify.evaluate import split_documents
    from llmstudio.core.classify.inference import load_classifier

    project = open_project(args.dir)
    classifier = load_classifier(project, _run_id(args.run), args.device)
    if args.text is not None:
        items: list[tuple[int | None, str]] = [(None, args.text)]
    elif args.split:
        docs = split_documents(project, resolve_schema(project, classifier.info.schema), args.split)
        items = list(zip(docs.ids, docs.texts, strict=False))
    else:
        ids = [int(r[0]) for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
        texts = document_texts(project, ids)
        items = [(i, texts[i]) for i in ids]
    for start in range(0, max(1, len(items)), 1024):
        chunk = items[start:start + 1024]
        if not chunk:
            break
        for (doc, _), (chosen, scores) in zip(chunk, classifier.predict([t for _, t in chunk]), strict=False):
            label: Any = list(chosen) if classifier.multi_label else chosen[0]
            if args.json:
                _out(json.dumps({"id": doc, "label": label, "scores": scores}))
            else:
                top = ", ".join(f"{k} {v:.3f}" for k, v in sorted(scores.items(), key=lambda kv: -kv[1])[:3])
                _out(f"{'-' if doc is None else doc}\t{label}\t{top}")
    return EXIT_OK


def _run_id(text: str | None) -> int | None:
    from llmstudio.core.errors import StudioError

    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise StudioError(f"--run expects a classifier run id (a number), not {text!r}") from None


def register(sub: Subparsers) -> None:
    """Add ``classify train|eval|predict`` to the main parser's subcommands."""
    p = sub.add_parser("classify", help="train and evaluate a text classifier on a label schema")
    group = p.add_subparsers(dest="classify_command", metavar="WHAT", required=True)

    t = group.add_parser("train", help="train a classifier run on the train split, early-stop on validation, "
                         "report test figures")
    t.add_argument("dir", metavar="DIR", help="project folder")
    t.add_argument("--schema", metavar="NAME", help="label schema (default: the project's only schema)")
    t.add_argument("--from-run", type=int, metavar="ID", help="start from this language-model run's weights")
    t.add_argument("--freeze-body", action="store_true", help="with --from-run: train the classification head only")
    t.add_argument("--baseline", action="store_true", help="also train the TF-IDF + logistic regression baseline")
    t.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE",
                   help="override a setting: classify.pooling=mean|last, classify.max_length=N, classify.windows=N, "
                        "classify.truncation=end|start|middle, classify.class_weights=balanced|none, classify.epochs=N, "
                        "classify.threshold=P, classify.baseline_stem=true, classify.baseline_stop_words=true, "
                        "model.*, train.* (repeatable)")
    t.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    t.add_argument("--json", action="store_true", help="last stdout line: {run_id, kind, schema, test}")
    t.set_defaults(func=cmd_classify_train)

    e = group.add_parser("eval", help="figures of a classifier run on a split (accuracy, per-label P/R/F1, "
                         "averages, confusion matrix)")
    e.add_argument("dir", metavar="DIR", help="project folder")
    e.add_argument("--run", required=True, metavar="ID",
                   help="classifier run id, or 'baseline' for the TF-IDF baseline of the latest classifier run")
    e.add_argument("--split", default="test", choices=["test", "validation", "train"], help="default: test")
    e.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.set_defaults(func=cmd_classify_eval)

    r = group.add_parser("predict", help="label texts or documents with a classifier run")
    r.add_argument("dir", metavar="DIR", help="project folder")
    r.add_argument("--run", required=True, metavar="ID", help="classifier run id")
    what = r.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", help="one text to classify (id null in the output)")
    what.add_argument("--split", choices=["train", "validation", "test"],
                      help="the labelled documents of a split (the ones eval scores)")
    what.add_argument("--all", action="store_true", help="every document of the project")
    r.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    r.add_argument("--json", action="store_true", help='one {"id", "label", "scores"} object per line')
    r.set_defaults(func=cmd_classify_predict)
