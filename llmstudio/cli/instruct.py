"""The ``instruct`` command: prompt/response datasets for instruction tuning.

``llmstudio instruct DIR import FILE [--name NAME]`` imports JSON Lines with ``prompt`` and
``response``; ``llmstudio instruct DIR from-labels --instruction TEXT --name NAME`` builds one
from labelled documents (the instruction and the document -> its label); ``list`` and
``show`` print what is there (``show`` renders examples through a chat template, as the model
will read them). Training on a dataset: ``llmstudio train DIR --from-run ID --instruct NAME``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from llmstudio.cli._common import EXIT_OK, Subparsers, open_project, out
from llmstudio.core.instruct.templates import DEFAULT_TEMPLATE, TEMPLATES, get_template


def cmd_import(args: argparse.Namespace) -> int:
    from llmstudio.core.instruct.store import import_jsonl

    project = open_project(args.dir)
    summary = import_jsonl(project, Path(args.file), args.name or "", replace=args.replace)
    out(f"imported {summary.examples} examples as instruction dataset {summary.name!r}")
    return EXIT_OK


def cmd_from_labels(args: argparse.Namespace) -> int:
    from llmstudio.core.instruct.store import from_labels

    project = open_project(args.dir)
    summary = from_labels(project, args.name, args.instruction, args.schema or "", args.split or "",
                          replace=args.replace)
    out(f"built {summary.examples} examples as instruction dataset {summary.name!r}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from llmstudio.core.instruct.store import list_datasets

    datasets = list_datasets(open_project(args.dir))
    if args.json:
        out(json.dumps([{"name": d.name, "examples": d.examples} for d in datasets]))
    elif not datasets:
        out("no instruction datasets yet; import one with 'llmstudio instruct DIR import FILE'")
    for dataset in [] if args.json else datasets:
        out(f"{dataset.name}\t{dataset.examples} examples")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from llmstudio.core.instruct.store import load_dataset

    template = get_template(args.template)
    for example in load_dataset(open_project(args.dir), args.name)[: max(0, args.limit)]:
        out(template.text(example.prompt, example.response, "<end>"))
        out("")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``instruct DIR import|from-labels|list|show``."""
    p = sub.add_parser("instruct", help="prompt/response datasets for instruction tuning "
                       "(then: llmstudio train DIR --from-run ID --instruct NAME)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    actions = p.add_subparsers(dest="instruct_command", metavar="ACTION", required=True)

    a = actions.add_parser("import", help='import JSON Lines, one {"prompt": ..., "response": ...} a line')
    a.add_argument("file", metavar="FILE", help="a .jsonl file; a bad line is named and nothing is imported")
    a.add_argument("--name", metavar="NAME", help="dataset name (default: the file name without .jsonl)")
    a.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    a.set_defaults(func=cmd_import)

    b = actions.add_parser("from-labels", help="build a dataset from labelled documents: the instruction and "
                           "the document as the prompt, its label(s) as the response")
    b.add_argument("--instruction", required=True, metavar="TEXT",
                   help="what to do with each document, e.g. 'Classify the sentiment of this review.'")
    b.add_argument("--name", required=True, metavar="NAME", help="dataset name")
    b.add_argument("--schema", metavar="NAME", help="label schema (default: the project's only one)")
    b.add_argument("--split", choices=["train", "validation", "test"],
                   help="only documents of this split (default: every labelled document)")
    b.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    b.set_defaults(func=cmd_from_labels)

    c = actions.add_parser("list", help="the instruction datasets and their sizes")
    c.add_argument("--json", action="store_true", help='one JSON list of {"name", "examples"}')
    c.set_defaults(func=cmd_list)

    d = actions.add_parser("show", help="print examples as the model reads them (through a chat template)")
    d.add_argument("name", metavar="NAME", help="dataset name")
    d.add_argument("--template", default=DEFAULT_TEMPLATE, choices=list(TEMPLATES),
                   help=f"chat template (default: {DEFAULT_TEMPLATE})")
    d.add_argument("--limit", type=int, default=3, metavar="N", help="examples to print (default: 3)")
    d.set_defaults(func=cmd_show)
