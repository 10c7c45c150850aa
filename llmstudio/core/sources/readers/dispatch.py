"""Which reader reads a stream, and the units (files or archive members) a stream holds.

The format comes from the user's choice, else the name's extension (after any compression
suffix), else the first bytes. Compression is peeled off by magic bytes, so a ``.txt``
that is really gzip still reads. An archive yields one unit per member; the importer
stores each unit under its own savepoint so a bad member never spoils its neighbours.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from llmstudio.core.sources.readers.archives import is_tar, is_zip, iter_tar, iter_zip
from llmstudio.core.sources.readers.base import Doc, FileRejected, ImportOptions, ReadContext
from llmstudio.core.sources.readers.columnar import read_arrow, read_parquet
from llmstudio.core.sources.readers.delimited import read_csv
from llmstudio.core.sources.readers.jsonl import read_json
from llmstudio.core.sources.readers.office import read_docx
from llmstudio.core.sources.readers.pdf import read_pdf
from llmstudio.core.sources.readers.streams import (
    COMPRESSION_SUFFIXES,
    HEAD_BYTES,
    TAR_ALIASES,
    decompress,
    peek,
    sniff_compression,
)
from llmstudio.core.sources.readers.text import read_text
from llmstudio.core.sources.readers.webpage import read_html

Reader = Callable[[BinaryIO, ReadContext], Iterator[Doc]]

SUFFIX_FORMATS = {
    ".txt": "txt", ".md": "txt", ".rst": "txt", ".log": "txt", ".text": "txt", ".markdown": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv", ".tab": "csv",
    ".parquet": "parquet", ".pq": "parquet", ".arrow": "arrow",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
ARCHIVE_SUFFIXES = {".zip", ".tar"} | set(TAR_ALIASES)
READERS: dict[str, Reader] = {
    "txt": read_text, "jsonl": read_json, "csv": read_csv, "parquet": read_parquet,
    "arrow": read_arrow, "html": read_html, "pdf": read_pdf, "docx": read_docx,
}
_MAX_DEPTH = 3


@dataclass
class Unit:
    """One file's worth of documents: a plain file, or one member of an archive."""

    ctx: ReadContext
    docs: Iterator[Doc]


def inner_name(name: str) -> str:
    """The name with one compression suffix removed (``a.jsonl.gz`` -> ``a.jsonl``)."""
    path = PurePosixPath(name.lower())
    if path.suffix in COMPRESSION_SUFFIXES:
        return str(path.with_suffix(""))
    if path.suffix in TAR_ALIASES:
        return str(path.with_suffix(".tar"))
    return name.lower()


def is_importable_name(name: str, options: ImportOptions) -> bool:
    """Whether a file found in a folder or an archive should be read (globs, then extension)."""
    base = name.rsplit("/", 1)[-1]
    if options.exclude and any(_glob(name, base, g) for g in options.exclude):
        return False
    if options.include:
        return any(_glob(name, base, g) for g in options.include)
    if options.format != "auto":
        return True
    suffix = os.path.splitext(base.lower())[1]
    if suffix in SUFFIX_FORMATS or suffix in ARCHIVE_SUFFIXES:
        return True
    if suffix in COMPRESSION_SUFFIXES:
        inner = os.path.splitext(inner_name(base))[1]
        return inner in SUFFIX_FORMATS or inner == ".tar"
    return False


def _glob(name: str, base: str, pattern: str) -> bool:
    return fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(base, pattern)


def format_for(name: str, head: bytes, options: ImportOptions) -> str:
    """The reader for a stream whose (uncompressed) name is ``name``."""
    suffix = posixpath.splitext(name.lower())[1]  # as PurePosixPath(...).suffix, without the object
    if options.format != "auto":
        if options.format == "parquet" and suffix == ".arrow":
            return "arrow"
        return options.format
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    stripped = head.lstrip()[:256].lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PAR1"):
        return "parquet"
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<html" in stripped:
        return "html"
    if stripped.startswith((b"{", b"[")):
        return "jsonl"
    return "txt"


def iter_units(
    stream: BinaryIO, ctx: ReadContext, detect_name: str | None = None, depth: int = 0
) -> Iterator[Unit]:
    """The units a stream holds; raises ``FileRejected`` when the stream as a whole is bad."""
    name = (detect_name or ctx.name).lower()
    head, stream = peek(stream, HEAD_BYTES)
    kind = sniff_compression(head)
    if kind and not name.endswith(".docx"):
        if depth >= _MAX_DEPTH:
            raise FileRejected("compressed too many times over; decompress it first")
        ctx.detected.setdefault("compression", kind)
        yield from iter_units(decompress(stream, kind, ctx), ctx, inner_name(name), depth + 1)
        return
    wants_docx = options_format(ctx) == "docx" or name.endswith(".docx")
    if is_zip(head) and not wants_docx:
        members = iter_zip(stream, ctx)
    elif is_tar(head):
        members = iter_tar(stream, ctx)
    else:
        fmt = format_for(name, head, ctx.options)
        yield Unit(ctx, READERS[fmt](stream, ctx))
        return
    if depth > 1:
        raise FileRejected("an archive inside an archive; extract the outer archive first")
    ctx.detected.setdefault("archive", "zip" if is_zip(head) else "tar")
    for member in members:
        if not is_importable_name(member.name, ctx.options):
            continue
        child = ctx.child(f"{ctx.name}!/{member.name}")
        try:
            member_head, member_stream = peek(member.stream, HEAD_BYTES)
            if (is_zip(member_head) and not member.name.lower().endswith(".docx")) or is_tar(member_head) or (
                sniff_compression(member_head) and is_tar_name(member.name)
            ):
                child.report(None, "an archive inside the archive; extract it first", "rejected")
                continue
            # A member holds one unit (nested archives are refused above).
            unit = next(iter_units(member_stream, child, member.name, depth + 2), None)
        except FileRejected as exc:
            child.report(None, str(exc), "rejected")
            continue
        if unit is not None:
            yield unit


def is_tar_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".tar") or PurePosixPath(lower).suffix in TAR_ALIASES or ".tar." in lower


def options_format(ctx: ReadContext) -> str:
    return ctx.options.format
