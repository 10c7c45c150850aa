"""The ``clean`` command: run a cleaning recipe into a new snapshot without a window.

``llmstudio clean DIR [--recipe NAME|FILE] [--snapshot NAME] [--json] [--export-datatrove FILE]``. The recipe is a
TOML file, a recipe saved in the project, or a preset (Minimal, Gopher, C4, FineWeb,
"Gopher + near-dedup"). It prints per-step counts (kept, removed, changed, by reason);
``--json`` prints them as one JSON object instead. Ctrl+C cancels and leaves the previous
snapshots as they were. ``--export-datatrove FILE`` cleans nothing: it writes the recipe
as a datatrove pipeline script, to run the same rules on a cluster.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out
from llmstudio.core.errors import StudioError

if TYPE_CHECKING:
    from llmstudio.core.cleaning.recipe import Recipe


def cmd_clean(args: argparse.Namespace) -> int:
    from llmstudio.core.cleaning.pipeline import run_recipe
    from llmstudio.core.cleaning.store import resolve_recipe

    project = open_project(args.dir)
    recipe = resolve_recipe(project, args.recipe)
    if args.export_datatrove:
        return _export_datatrove(recipe, args.export_datatrove)
    with job(quiet=args.json) as (bar, cancel):
        summary = run_recipe(project, recipe, args.snapshot, bar, cancel)
    if args.json:
        out(json.dumps({"recipe": recipe.name, **summary.to_dict()}, ensure_ascii=False))
        return EXIT_OK
    out(
        f"snapshot '{summary.snapshot_name}' (recipe '{recipe.name}'): kept {summary.kept:,} of "
        f"{summary.documents:,} documents, removed {summary.removed:,}, changed {summary.changed:,} "
        f"in {summary.seconds:.1f}s on {summary.workers} process(es)"
    )
    out(f"  {'step':<20} {'kept':>9} {'removed':>9} {'changed':>9} {'chars left':>13}")
    out(f"  {'(input)':<20} {summary.documents:>9,} {'':>9} {'':>9} {summary.chars_in:>13,}")
    for step in summary.steps:
        out(f"  {step.step:<20} {step.documents_after:>9,} {step.removed:>9,} {step.changed:>9,} {step.chars_after:>13,}")
        for reason, count in step.reasons.most_common():
            out(f"  {'':<20} {'':>9} {count:>9,}   {reason}")
        for name, count in sorted(step.counters.items()):
            out(f"  {'':<20} {'':>9} {'':>9} {count:>9,}   {name}")
    if summary.forced_kept or summary.forced_dropped:
        out(f"  overrides: {summary.forced_kept} force-kept, {summary.forced_dropped} force-dropped")
    return EXIT_OK


def _export_datatrove(recipe: Recipe, target: str) -> int:
    from pathlib import Path

    from llmstudio.core.atomic import write_text_atomic
    from llmstudio.core.cleaning.export_datatrove import datatrove_script

    path = Path(target)
    if path.is_dir():
        raise StudioError(f"--export-datatrove: {path} is a folder; give a file name such as {path / 'clean.py'}")
    write_text_atomic(path, datatrove_script(recipe))
    out(f"wrote {path}: recipe '{recipe.name}' as a datatrove pipeline "
        f"(run: python {path} --input IN --output OUT [--executor slurm ...]; --help for every option)")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``clean``."""
    p = sub.add_parser(
        "clean",
        help="clean the documents into a new dataset snapshot",
        description=(
            "Run a cleaning recipe over every document into a new snapshot; originals are never "
            "changed. --recipe takes a TOML file, a recipe saved in the project, or a preset: "
            "Minimal, Gopher, C4, FineWeb, 'Gopher + near-dedup'."
        ),
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--recipe", default="Minimal", metavar="NAME|FILE",
                   help="preset or saved recipe name, or a .toml file (default: Minimal)")
    p.add_argument("--snapshot", default=None, metavar="NAME", help="name for the snapshot (default: snapshot-N)")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    p.add_argument("--export-datatrove", default=None, metavar="FILE",
                   help="clean nothing; write the recipe as a datatrove pipeline script (JSONL/Parquet, "
                        "local or Slurm) to run the same rules on a cluster")
    p.set_defaults(func=cmd_clean)
