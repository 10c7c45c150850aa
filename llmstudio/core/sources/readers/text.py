"""Plain text: decode with the detected encoding and split into documents with bounded memory.

Lines are read with a length cap, so a single 200 MB line costs one cap's worth of memory:
it is skipped with a problem naming its line number, never loaded whole. A whole-file
document over the cap is refused with a hint to split it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from llmstudio.core.sources.readers.base import MB, Doc, FileRejected, ReadContext
from llmstudio.core.sources.readers.encoding import (
    ERROR_HANDLER,
    detect_encoding,
    looks_binary,
    replaced_bytes,
    reset_replaced,
)
from llmstudio.core.sources.readers.streams import HEAD_BYTES, KeepOpen, peek

_CANCEL_EVERY = 4096


def open_text(stream: BinaryIO, ctx: ReadContext, newline: str | None = None) -> TextIO:
    """A text stream over ``stream`` in its detected encoding; refuses binary data."""
    head, stream = peek(stream, HEAD_BYTES)
    detected = detect_encoding(head, complete=len(head) < HEAD_BYTES, declared=ctx.options.encoding)
    if looks_binary(head, detected.encoding):
        raise FileRejected(
            "this is a binary file, not text (it holds NUL or control bytes); "
            "choose a text file, or set the right format"
        )
    if not head.strip() and len(head) < HEAD_BYTES:
        raise FileRejected("the file is empty")
    ctx.detected["encoding"] = detected.encoding
    ctx.detected["encoding_how"] = detected.how
    note_guessed_encoding(ctx, detected.how, detected.encoding)
    reset_replaced()
    buffered = io.BufferedReader(KeepOpen(stream), buffer_size=1 * MB)
    return io.TextIOWrapper(buffered, encoding=detected.encoding, errors=ERROR_HANDLER, newline=newline)


def note_guessed_encoding(ctx: ReadContext, how: str, encoding: str) -> None:
    """A file that is not UTF-8 was read in a guessed legacy code page: say so, with the source."""
    if how == "detected":
        ctx.report(
            None,
            f"the text is not valid UTF-8; it was read as {encoding} (a guess from its bytes); if it looks "
            "wrong, import it again with the right encoding (--encoding, or Encoding in the import dialog)",
            "warning",
        )


def note_replaced(ctx: ReadContext) -> None:
    """Record how many invalid bytes the decoder replaced (one problem per file, not per byte)."""
    count = replaced_bytes()
    reset_replaced()
    if count:
        ctx.invalid_bytes += count
        ctx.report(
            None,
            f"{count:,} bytes were not valid {ctx.detected.get('encoding', 'text')} and were "
            "replaced with U+FFFD; if the text looks wrong, choose the encoding yourself",
            "warning",
        )


def iter_lines(text: TextIO, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """(line number, line without its ending); over-long lines are reported and skipped."""
    limit = ctx.options.max_document_chars
    number = 0
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        number += 1
        if number % _CANCEL_EVERY == 0:
            ctx.cancel.raise_if_cancelled()
        if len(line) > limit and not line.endswith("\n"):
            length = len(line)
            while True:
                more = text.readline(MB)
                length += len(more)
                if not more or more.endswith("\n"):
                    break
                ctx.cancel.raise_if_cancelled()
            ctx.report(
                number,
                f"a line of {length / MB:.0f} MB is over the {ctx.options.max_document_mb:g} MB "
                "limit for one document (max_document_mb); skipped",
            )
            continue
        yield number, line.rstrip("\r\n")


def iter_byte_lines(buffer: BinaryIO, ctx: ReadContext) -> Iterator[tuple[int, bytes]]:
    """``iter_lines`` for UTF-8 read as bytes: (line number, line with its ending).

    The same limit in characters: a line is read up to four bytes per character, and one
    longer than the limit is reported and skipped, never held whole.
    """
    limit = ctx.options.max_document_chars
    cap = 4 * limit + 2
    readline = buffer.readline
    number = 0
    while True:
        line = readline(cap)
        if not line:
            return
        number += 1
        if number % _CANCEL_EVERY == 0:
            ctx.cancel.raise_if_cancelled()
        if len(line) > limit:  # maybe too long: count characters (bytes >= characters)
            length = len(line)
            complete = line.endswith(b"\n")
            while not complete:
                more = readline(MB)
                length += len(more)
                complete = not more or more.endswith(b"\n")
                ctx.cancel.raise_if_cancelled()
            if length > len(line) or len(line.rstrip(b"\r\n").decode("utf-8", "replace")) > limit:
                ctx.report(
                    number,
                    f"a line of {length / MB:.0f} MB is over the {ctx.options.max_document_mb:g} MB "
                    "limit for one document (max_document_mb); skipped",
                )
                continue
        yield number, line


def iter_paragraphs(text: TextIO, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """(first line number, paragraph) for blank-line-separated paragraphs."""
    limit = ctx.options.max_document_chars
    lines: list[str] = []
    start = 0
    size = 0
    too_long = False
    for number, line in iter_lines(text, ctx):
        if line.strip():
            if not lines and not too_long:
                start = number
            size += len(line) + 1
            if size > limit:
                if not too_long:
                    ctx.report(start, "a paragraph is over the max_document_mb limit; skipped")
                too_long = True
                lines = []
            elif not too_long:
                lines.append(line)
            continue
        if lines:
            yield start, "\n".join(lines)
        lines, size, too_long = [], 0, False
    if lines:
        yield start, "\n".join(lines)


def read_whole(text: TextIO, ctx: ReadContext) -> str:
    limit = ctx.options.max_document_chars
    data = text.read(limit + 1)
    if len(data) > limit:
        raise FileRejected(
            f"the file is over {ctx.options.max_document_mb:g} MB, the limit for one document; "
            "import it per line or per paragraph (split), or raise max_document_mb"
        )
    return data


def split_text(text: str, name: str, split: str, meta: dict | None = None) -> Iterator[Doc]:
    """Split an already extracted text (HTML, PDF, DOCX) by the chosen rule."""
    if split in ("file", "record", "auto"):
        if text.strip():
            yield Doc(name, text, meta)
        return
    chunks = text.split("\n") if split == "line" else _paragraphs(text)
    for index, chunk in enumerate(chunks, start=1):
        if chunk.strip():
            yield Doc(f"{name}#{split}={index}", chunk.strip(), meta)


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def read_text(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    """Documents from a plain text stream, split per file (default), line or paragraph."""
    split = ctx.options.split
    if split in ("auto", "record"):
        split = "file" if split == "auto" else "line"
    ctx.detected["format"] = "txt"
    ctx.detected["split"] = split
    text = open_text(stream, ctx)
    if split == "file":
        data = read_whole(text, ctx)
        note_replaced(ctx)
        if not data.strip():
            raise FileRejected("the file holds only whitespace")
        yield Doc(ctx.name, data)
        return
    pieces = iter_lines(text, ctx) if split == "line" else iter_paragraphs(text, ctx)
    for number, piece in pieces:
        if piece.strip():
            yield Doc(f"{ctx.name}:{number}", piece)
    note_replaced(ctx)
