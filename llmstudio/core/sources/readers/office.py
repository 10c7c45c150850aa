"""DOCX: paragraphs and table cells in reading order through python-docx, title as metadata.

A DOCX file is a zip archive, so its members' declared sizes are checked against the
bomb limits before python-docx inflates them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from llmstudio.core.sources.readers.base import MB, Doc, FileRejected, MissingDependency, ReadContext
from llmstudio.core.sources.readers.streams import read_limited
from llmstudio.core.sources.readers.text import split_text


def _check_zip(data: bytes, ctx: ReadContext) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileRejected(f"not a readable DOCX file: the zip container is damaged ({exc})") from exc
    if total > ctx.options.max_unpacked_mb * MB or (
        total > 16 * MB and total / max(1, len(data)) > ctx.options.max_compression_ratio
    ):
        raise FileRejected("the DOCX file unpacks to far more than it holds (a zip bomb?); not imported")


def _body_text(document: Any) -> str:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                parts.append("\t".join(cells))
            parts.append("")
    return "\n\n".join(p for p in parts if p.strip())


def read_docx(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    try:
        import docx
    except ImportError as exc:
        raise MissingDependency("DOCX files", "python-docx") from exc
    ctx.detected["format"] = "docx"
    split = "file" if ctx.options.split in ("auto", "record") else ctx.options.split
    ctx.detected["split"] = split
    data = read_limited(stream, int(ctx.options.max_binary_mb * MB), "DOCX file")
    _check_zip(data, ctx)
    try:
        document = docx.Document(io.BytesIO(data))
        text = _body_text(document)
        title = document.core_properties.title or None
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise FileRejected(f"not a readable DOCX file ({type(exc).__name__}: {exc})") from exc
    if not text.strip():
        raise FileRejected("the DOCX file holds no text")
    yield from split_text(text, ctx.name, split, {"title": title} if title else None)
