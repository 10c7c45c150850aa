"""The ``import`` and ``sources`` commands: bring text into a project without a window.

``llmstudio import DIR PATH...`` prints one summary line (files, documents, bytes,
skipped, errors) and the problems, and exits 0 when everything imported, 3 when some
files or records were rejected (the rest imported), 1 on a fatal error (no project,
nothing to import, disk full). It returns once the documents are stored: the search index
catches up in the app's background (``info`` says how many documents wait), or before
returning with ``--wait-index``. ``llmstudio sources DIR`` lists what was imported and can
remove a source.
"""

from __future__ import annotations

import argparse
import json

from llmstudio.cli._common import EXIT_OK, EXIT_PARTIAL, Subparsers, job, open_project, out, warn
from llmstudio.core.errors import StudioError

_SHOWN_PROBLEMS = 50


def cmd_import(args: argparse.Namespace) -> int:
    from llmstudio.core.sources.importer import ImportOptions, import_paths

    project = open_project(args.dir)
    options = ImportOptions(
        format=args.format,
        text_field=args.text_field,
        label_field=args.label_field,
        id_field=args.id_field,
        split=args.split,
        encoding=args.encoding,
        csv_delimiter=args.delimiter,
        include=tuple(args.include or ()),
        exclude=tuple(args.exclude or ()),
        skip_duplicates=not args.import_duplicates,
        max_document_mb=args.max_document_mb,
    )
    with job(quiet=args.quiet or args.json) as (bar, cancel):
        summary = import_paths(project, list(args.paths), options, bar, cancel, index=args.wait_index)
    from llmstudio.core.search.index import pending

    behind = pending(project)
    if args.json:
        out(json.dumps({**summary.as_json(), "search_index_pending": behind}, ensure_ascii=False))
    else:
        skipped = summary.skipped_duplicates + summary.skipped_files
        out(
            f"files {summary.files}, documents {summary.documents}, bytes {summary.bytes:,}, "
            f"skipped {skipped}, errors {summary.errors}"
        )
        if summary.labelled:
            out(f"labels: {summary.labelled} documents labelled from '{args.label_field}'")
        if behind:
            out(f"search index: {behind:,} documents not searchable yet (the app indexes them in the "
                f"background; 'llmstudio import --wait-index' indexes before it returns)")
        shown = [p for p in summary.problems if p.severity != "duplicate"] if not args.verbose_problems else summary.problems
        for problem in shown[:_SHOWN_PROBLEMS]:
            warn(f"  {problem.severity}: {problem}")
        if len(shown) > _SHOWN_PROBLEMS:
            warn(f"  … and {len(shown) - _SHOWN_PROBLEMS} more (see 'llmstudio sources {args.dir}')")
    return EXIT_OK if summary.complete else EXIT_PARTIAL


def cmd_sources(args: argparse.Namespace) -> int:
    from llmstudio.core.sources.importer import list_sources, remove_source

    project = open_project(args.dir)
    if args.remove is not None:
        if args.remove not in {s["id"] for s in list_sources(project)}:
            raise StudioError(f"there is no source with id {args.remove}; list them with 'llmstudio sources {args.dir}'")
        gone = remove_source(project, args.remove)
        out(f"removed source {args.remove} and its {gone} documents")
        return EXIT_OK
    sources = list_sources(project)
    if args.json:
        out(json.dumps(sources, ensure_ascii=False))
        return EXIT_OK
    for s in sources:
        out(
            f"{s['id']:>4}  {s['kind']:<7} {s['format']:<7} {s['document_count']:>9} docs "
            f"{s['bytes'] / 1e6:>9.1f} MB  {s['error_count']:>4} errors  {s['created_at']}  {s['path']}"
        )
    if not sources:
        out("no sources yet; import some with 'llmstudio import DIR PATH...'")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``import`` and ``sources``."""
    from llmstudio.core.sources.readers import FORMATS, SPLITS

    p = sub.add_parser(
        "import",
        help="import files, folders, archives or URLs into a project",
        description=(
            "Import text into a project. Formats: plain text, JSON Lines / JSON, CSV/TSV, "
            "Parquet and Hugging Face Arrow folders, HTML, PDF, DOCX; compressed (.gz .bz2 .xz "
            ".zst) and archives (.zip .tar .tar.*) are read as streams. Exit status: 0 all "
            "imported, 3 some files or records rejected (the rest imported), 1 fatal error."
        ),
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or http(s):// URLs")
    p.add_argument("--format", choices=FORMATS, default="auto", help="default: auto (by extension and content)")
    p.add_argument("--text-field", metavar="F", help="field or column with the text; dotted paths reach nested JSON (meta.body)")
    p.add_argument("--label-field", metavar="F", help="field whose values become labels in the project")
    p.add_argument("--id-field", metavar="F", help="field kept as the document's own id")
    p.add_argument("--split", choices=SPLITS, default="auto",
                   help="one document per file, line, paragraph or record (default: auto: file for text, record for data)")
    p.add_argument("--include", action="append", metavar="GLOB", help="only files matching (repeatable)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="leave matching files out (repeatable)")
    p.add_argument("--encoding", help="text encoding (default: detected)")
    p.add_argument("--delimiter", help="CSV delimiter (default: detected; 'tab' for tab)")
    p.add_argument("--max-document-mb", type=float, default=16.0, help="longest document kept (default: 16)")
    p.add_argument("--import-duplicates", action="store_true",
                   help="import content already in the project again (default: skip it)")
    p.add_argument("--wait-index", action="store_true",
                   help="index the documents for search before returning (default: return as soon as they are "
                        "stored; the app indexes them in the background, and 'info' says how many wait)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.add_argument("--verbose-problems", action="store_true", help="also list skipped duplicate files")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("sources", help="list a project's sources, or remove one with its documents")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--remove", type=int, metavar="ID", help="remove this source and its documents")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=cmd_sources)
