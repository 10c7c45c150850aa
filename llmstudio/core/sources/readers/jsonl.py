"""JSON Lines and JSON arrays, streamed.

JSON Lines are parsed one line at a time; a malformed line is reported with its number
and skipped. A JSON array is parsed one element at a time from a sliding buffer (the
standard library's ``raw_decode``), so a 1 GB array never sits in memory; after a
malformed element the rest of the array cannot be trusted, so reading stops there with a
problem naming the line, and the elements before it are kept. A single top-level object
is one record. A record nested too deeply to parse, or holding a lone UTF-16 surrogate
(``"\\ud800"``, which is not text and cannot be stored), is rejected with its line number;
the rest of the file is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, TextIO

import orjson

from llmstudio.core.sources.readers.base import MB, Doc, FileRejected, ReadContext
from llmstudio.core.sources.readers.encoding import ERROR_HANDLER
from llmstudio.core.sources.readers.records import RecordMapper
from llmstudio.core.sources.readers.streams import peek
from llmstudio.core.sources.readers.text import (
    iter_byte_lines,
    iter_lines,
    note_replaced,
    open_text,
)

_DECODER = json.JSONDecoder()
_CHUNK = 1 * MB
_WHITESPACE = " \t\r\n"
_TOO_DEEP = "nested more than 1,000 levels deep, deeper than any real record; skipped"
_SURROGATE = "holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text; skipped"


class RecordRejected(ValueError):
    """One record cannot be used; ``str(exc)`` says why. The rest of the file is read."""


def read_json(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    ctx.detected["format"] = "jsonl"
    ctx.detected["split"] = "record"
    head, stream = peek(stream, 4096)
    text = open_text(stream, ctx)
    mapper = RecordMapper(ctx)
    if _first_byte(head) == b"[":
        ctx.detected["layout"] = "array"
        yield from _read_array(text, ctx, mapper)
    else:
        ctx.detected["layout"] = "lines"
        if ctx.detected.get("encoding") in ("utf-8", "ascii"):
            # UTF-8 lines go to orjson as bytes: no decoding pass, no text layer.
            yield from _read_lines(iter_byte_lines(text.buffer, ctx), ctx, mapper, _loads_bytes)
        else:
            yield from _read_lines(iter_lines(text, ctx), ctx, mapper, _loads)
    note_replaced(ctx)


def _first_byte(head: bytes) -> bytes:
    """The first byte that is not a BOM, whitespace or a UTF-16/32 NUL."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    stripped = head.replace(b"\x00", b"").lstrip(b" \t\r\n")
    return stripped[:1]


def _read_lines(
    lines: Iterator[tuple[int, Any]], ctx: ReadContext, mapper: RecordMapper, loads: Callable[[Any], Any]
) -> Iterator[Doc]:
    """Records from (number, line) pairs; a line is text, or UTF-8 bytes for ``_loads_bytes``."""
    good = bad = 0
    # A file whose first line does not parse may be one pretty-printed object: keep its
    # lines until a line parses on its own (then it was JSON Lines with bad lines).
    pending: list[tuple[int, str, str]] = []
    fast = orjson.loads  # most lines; ``loads`` gives the same result or the reason
    orjson_error = orjson.JSONDecodeError
    to_doc = mapper.to_doc
    name = ctx.name
    for number, raw in lines:
        try:
            try:
                record: Any = fast(raw)
            except orjson_error:
                record = loads(raw)
        except RecordRejected as exc:
            bad += 1
            ctx.report(number, str(exc))
            continue
        except json.JSONDecodeError as exc:
            line = _text(raw)
            if not line.strip():
                continue
            reason = f"not valid JSON ({exc.msg} at column {exc.colno}); skipped"
            if good == 0 and (pending or (bad == 0 and line.lstrip().startswith("{"))):
                pending.append((number, line, reason))
                if sum(len(p[1]) for p in pending) > ctx.options.max_document_chars:
                    raise FileRejected("not JSON Lines, and too large to read as one JSON object") from None
                continue
            bad += 1
            ctx.report(number, reason)
            continue
        if pending and not isinstance(record, dict):
            pending.append((number, _text(raw), ""))
            continue
        if pending:
            for p_number, _, p_reason in pending:
                if p_reason:
                    bad += 1
                    ctx.report(p_number, p_reason)
            pending = []
        if good == 0:
            mapper.fields_for_preview(record)
        good += 1
        doc = to_doc(record, f"{name}:{number}", number)
        if doc is not None:
            yield doc
    if pending:
        yield from _read_single_object("\n".join(p[1] for p in pending), ctx, mapper)
    elif good == 0 and bad > 0:
        raise FileRejected(f"none of the {bad} lines is valid JSON; is this really a JSON file?")


def _loads(line: str) -> Any:
    """orjson (several times faster); the standard library for what orjson refuses but
    Python's JSON accepts (NaN, integers over 64 bits, escaped lone surrogates)."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        pass
    try:
        record = json.loads(line)
    except RecursionError:
        raise RecordRejected(_TOO_DEEP) from None
    check_surrogates(line, record)
    return record


def check_surrogates(raw: str, record: Any) -> None:
    """Raise ``RecordRejected`` when a parsed record holds a lone surrogate (only an escape
    in the raw text can make one, so the common case costs one substring search)."""
    if "\\u" not in raw:
        return
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordRejected(_SURROGATE) from None


def _text(raw: str | bytes) -> str:
    return raw.decode("utf-8", ERROR_HANDLER).rstrip("\r\n") if isinstance(raw, bytes) else raw


def _loads_bytes(line: bytes) -> Any:
    """A UTF-8 line: orjson straight from bytes; else decoded (invalid bytes replaced and
    counted, as the text path does) and parsed like any text line."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        if not line.strip():
            raise
        return _loads(line.decode("utf-8", ERROR_HANDLER))


def _read_single_object(data: str, ctx: ReadContext, mapper: RecordMapper) -> Iterator[Doc]:
    try:
        record = json.loads(data)
        check_surrogates(data, record)
    except json.JSONDecodeError as exc:
        raise FileRejected(f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError:
        raise FileRejected(f"the JSON object is {_TOO_DEEP.removesuffix('; skipped')}") from None
    except RecordRejected as exc:
        raise FileRejected(f"the JSON object {exc}") from None
    ctx.detected["layout"] = "object"
    mapper.fields_for_preview(record)
    doc = mapper.to_doc(record, ctx.name, 1)
    if doc is not None:
        yield doc


def _read_array(text: TextIO, ctx: ReadContext, mapper: RecordMapper) -> Iterator[Doc]:
    """Stream the elements of a top-level JSON array."""
    limit = ctx.options.max_document_chars
    buf = ""
    pos = 0
    line = 1  # line number of buf[pos]
    eof = False

    def refill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = text.read(_CHUNK)
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    def skip(chars: str) -> None:
        nonlocal pos, line
        while True:
            while pos < len(buf) and buf[pos] in chars:
                if buf[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buf) or not refill():
                return

    skip(_WHITESPACE + "\ufeff")
    pos += 1  # the '['
    index = 0
    while True:
        skip(_WHITESPACE)
        if pos >= len(buf):
            ctx.report(line, "the JSON array is not closed (the file may be truncated)")
            return
        if buf[pos] == "]":
            return
        while True:
            try:
                record, end = _DECODER.raw_decode(buf, pos)
                break
            except RecursionError:
                ctx.report(line, f"an array element is {_TOO_DEEP.removesuffix('; skipped')}; "
                                 "the rest of the array was not read")
                return
            except json.JSONDecodeError as exc:
                if not eof and len(buf) - pos <= limit and refill():
                    continue
                if len(buf) - pos > limit:
                    ctx.report(line, "an array element is over the max_document_mb limit; reading stopped")
                else:
                    ctx.report(exc.lineno - 1 + line if exc.lineno else line,
                               f"not valid JSON ({exc.msg}); the rest of the array was not read")
                return
        index += 1
        if index == 1:
            mapper.fields_for_preview(record)
        try:
            check_surrogates(buf[pos:end], record)
            doc = mapper.to_doc(record, f"{ctx.name}[{index - 1}]", line)
        except RecordRejected as exc:
            ctx.report(line, f"an array element {exc}")
            doc = None
        line += buf.count("\n", pos, end)
        pos = end
        if doc is not None:
            yield doc
        skip(_WHITESPACE)
        if pos < len(buf) and buf[pos] == ",":
            pos += 1
        elif pos < len(buf) and buf[pos] == "]":
            return
        elif pos >= len(buf):
            ctx.report(line, "the JSON array is not closed (the file may be truncated)")
            return
        else:
            ctx.report(line, f"expected ',' or ']' but found {buf[pos]!r}; the rest was not read")
            return
        if index % 1024 == 0:
            ctx.cancel.raise_if_cancelled()
