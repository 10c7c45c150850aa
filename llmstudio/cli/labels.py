"""The ``labels`` and ``split`` commands: labeling work without a window.

``llmstudio labels DIR import FILE``, ``llmstudio labels DIR export FILE [--format
jsonl|csv|parquet]``, ``llmstudio labels DIR stats --json`` and ``llmstudio split DIR
[--ratios 0.8,0.1,0.1] [--seed N]``. Import exits 3 when some rows were rejected (the
rest were imported).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from llmstudio.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    Subparsers,
    interruptible,
    job,
    open_project,
    out,
    warn,
)

if TYPE_CHECKING:
    from llmstudio.core.project import Project


def cmd_labels_import(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.io import import_labels

    project = open_project(args.dir)
    with job(quiet=args.quiet) as (bar, cancel):
        report = import_labels(
            project, Path(args.file), schema_name=args.schema, annotator=args.annotator,
            fmt=args.format, progress=bar, cancel=cancel,
        )
    out(f"imported {report.imported} labels into schema '{report.schema}' from {report.rows} rows")
    for problem in report.problems():
        warn(f"  problem: {problem}")
    return EXIT_PARTIAL if report.problems() else EXIT_OK


def cmd_labels_export(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.export import export_labels

    project = open_project(args.dir)
    with interruptible() as cancel:
        report = export_labels(project, Path(args.file), args.format, args.schema, cancel=cancel)
    out(f"exported {report.rows} labelled documents of '{report.schema}' to {report.path} ({report.format})")
    if report.conflicts_left_out:
        warn(
            f"  note: {report.conflicts_left_out} documents whose annotators disagree were left out; "
            "resolve them in the Label panel's review view"
        )
    return EXIT_OK


def cmd_labels_stats(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.stats import project_label_stats

    project = open_project(args.dir)
    data = project_label_stats(project)
    if args.json:
        out(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    out(f"documents: {data['documents']}")
    if not data["schemas"]:
        out("no label schemas yet")
    for s in data["schemas"]:
        out(f"schema '{s['name']}' ({s['kind']}): {s['labeled']} labelled, {s['skipped']} skipped, "
             f"{s['flagged']} flagged, {s['conflicts']} disagreements")
        for name, count in s["labels"].items():
            out(f"  {name:<20} {count}")
        for pair in s["agreement"]:
            kappa = "n/a" if pair["kappa"] is None else f"{pair['kappa']:.3f}"
            out(f"  agreement {pair['annotators'][0]} / {pair['annotators'][1]}: "
                 f"kappa {kappa} over {pair['items']} documents")
    splits = data["splits"]
    if any(splits.values()):
        out("splits: " + ", ".join(f"{k} {v}" for k, v in splits.items()))
    return EXIT_OK


def cmd_split(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.splits import make_splits, parse_ratios

    project = open_project(args.dir)
    with job(quiet=args.quiet or args.json) as (bar, cancel):
        report = make_splits(project, parse_ratios(args.ratios), args.seed, args.schema, bar, cancel)
    if args.json:
        out(json.dumps(report.to_dict(), indent=2))
        return EXIT_OK
    out(", ".join(f"{k} {v}" for k, v in report.counts.items())
         + f" (seed {report.seed}, stratified by {report.schema or 'nothing: no labels yet'})")
    if report.duplicate_groups:
        out(f"kept {report.grouped_documents} duplicate documents in {report.duplicate_groups} groups "
             "inside one split each")
    if report.leaks:
        warn(f"  warning: {report.leaks} duplicate groups span more than one split")
    _say_tokenizer_predates_split(project)
    return EXIT_OK


def _say_tokenizer_predates_split(project: Project) -> None:
    """Language models train on the latest tokenizer's shards, which follow the split made before it."""
    from llmstudio.core.freshness import tokenizer_split_drift

    latest = project.tokenizers()[-1:]
    drift = tokenizer_split_drift(project, latest[0].id) if latest else None
    if drift is not None:
        out(f"tokenizer {drift.tokenizer_id}'s token shards predate this split: train the tokenizer again so "
            "language models never train on the new test documents (llmstudio tokenizer DIR), then the "
            "language model, then the classifier (classify train --from-run)")


def register(sub: Subparsers) -> None:
    """Add ``labels`` and ``split`` to the CLI's subcommands."""
    p = sub.add_parser("labels", help="import, export and count labels")
    p.add_argument("dir", metavar="DIR", help="project folder")
    actions = p.add_subparsers(dest="labels_command", metavar="ACTION", required=True)

    a = actions.add_parser("import", help="import labels from JSONL, CSV or Parquet (by id or exact text)")
    a.add_argument("file", metavar="FILE", help="label file with fields id (or text) and label")
    a.add_argument("--schema", help="label schema (default: the file's, or the project's only one)")
    a.add_argument("--annotator", default="import", help="annotator for rows without one (default: import)")
    a.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="default: from the file name")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    a.set_defaults(func=cmd_labels_import)

    a = actions.add_parser("export", help="export labelled documents (text, label, split, annotator)")
    a.add_argument("file", metavar="FILE", help="file to write")
    a.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="default: from the file name")
    a.add_argument("--schema", help="label schema (needed when the project has several)")
    a.set_defaults(func=cmd_labels_export)

    a = actions.add_parser("stats", help="labelled counts, per-label counts, agreement, splits")
    a.add_argument("--json", action="store_true", help="print as JSON")
    a.set_defaults(func=cmd_labels_stats)

    p = sub.add_parser("split", help="split documents into train/validation/test (duplicates kept together)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--ratios", default="0.8,0.1,0.1", help="train,validation,test (default: 0.8,0.1,0.1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--schema", help="stratify by this schema's labels (default: the first schema)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_split)
