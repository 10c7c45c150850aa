"""The ``check`` command: look for silent damage in a project and say what was found.

``llmstudio check DIR [--json]`` runs ``llmstudio.core.check.check_project`` (database
integrity, document content hashes, tokenizers, checkpoints, search index, leftovers of
interrupted jobs). It changes nothing. Exit status: 0 when nothing is wrong, 1 when
something is (each problem is one line naming the file and the fix).
"""

from __future__ import annotations

import argparse
import json

from llmstudio.cli._common import EXIT_FAILED, EXIT_OK, Subparsers, job, open_project, out


def cmd_check(args: argparse.Namespace) -> int:
    from llmstudio.core.check import check_project

    project = open_project(args.dir)
    with job(quiet=args.json) as (bar, cancel):
        report = check_project(project, bar, cancel)
    if args.json:
        out(json.dumps(report.to_dict(), indent=2))
        return EXIT_OK if report.ok else EXIT_FAILED
    checked = ", ".join(f"{count:,} {area}" for area, count in report.checked.items())
    out(f"checked {checked}")
    for finding in report.problems:
        out(f"  problem: {finding}")
    for area, count in report.more.items():
        out(f"  ... and {count:,} more problems with the {area}")
    total = len(report.problems) + sum(report.more.values())
    out("no problems found" if report.ok else f"{total:,} problems found")
    return EXIT_OK if report.ok else EXIT_FAILED


def register(sub: Subparsers) -> None:
    """Add ``check``."""
    p = sub.add_parser(
        "check",
        help="check a project for damage (documents, tokenizers, checkpoints, search index); changes nothing",
        description="Check a project for silent damage: SQLite integrity, each document's text against the "
        "content hash stored at import, tokenizer and token files, checkpoint files, the search index, and "
        "leftovers of interrupted jobs. Changes nothing. Exit status: 0 no problems, 1 problems found.",
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_check)
