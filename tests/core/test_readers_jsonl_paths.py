"""JSON Lines in UTF-8 are parsed from bytes (orjson); everything else from text. Same result."""

from __future__ import annotations

import io

import pytest

from llmstudio.core.sources.readers.base import ImportOptions, ReadContext
from llmstudio.core.sources.readers.encoding import ERROR_HANDLER, replaced_bytes, reset_replaced
from llmstudio.core.sources.readers.jsonl import _loads, _loads_bytes, _read_lines, read_json
from llmstudio.core.sources.readers.records import RecordMapper
from llmstudio.core.sources.readers.text import iter_byte_lines, iter_lines

TRICKY = (
    b'{"text": "first", "n": 1}\r\n'
    b"\n"
    b"   \n"
    b'{"text": "caf\xc3\xa9 na\xc3\xafve", "meta": {"body": "nested"}}\n'
    b'{"text": "bad byte \xff here"}\n'
    b"{not json at all}\n"
    b"[1, 2, 3]\n"
    b"42\n"
    b'{"text": "lone \\ud800 surrogate"}\n'
    b'{"text": "big int", "n": 1180591620717411303424}\n'
    b'{"text": "not a number", "x": NaN}\n'
    b'{"other": "no text field here"}\n'
    b'{"text": "' + b"long " * 400 + b'"}\n'
    b'{"text": "   "}\n'
    b'{"text": "last line without a newline"}'
)


def run(data: bytes, as_bytes: bool, **options: object) -> tuple[list, list]:
    problems: list = []
    opts = ImportOptions(**options)
    ctx = ReadContext("t.jsonl", opts, lambda *p: problems.append(p))
    mapper = RecordMapper(ctx)
    reset_replaced()
    if as_bytes:
        docs = list(_read_lines(iter_byte_lines(io.BytesIO(data), ctx), ctx, mapper, _loads_bytes))
    else:
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors=ERROR_HANDLER)
        docs = list(_read_lines(iter_lines(text, ctx), ctx, mapper, _loads))
    replaced = replaced_bytes()
    return [(d.origin, d.text, d.meta, d.label, d.external_id) for d in docs], problems + [("replaced", replaced)]


@pytest.mark.parametrize("options", [{}, {"text_field": "text"}, {"max_document_mb": 0.001}])
def test_bytes_and_text_paths_agree_on_tricky_lines(options: dict) -> None:
    assert run(TRICKY, as_bytes=True, **options) == run(TRICKY, as_bytes=False, **options)
    docs, problems = run(TRICKY, as_bytes=True, **options)
    texts = [d[1] for d in docs]
    assert "café naïve" in texts and "bad byte \ufffd here" in texts
    assert "last line without a newline" in texts
    assert not any("surrogate" in t for t in texts)  # SQLite cannot store it: that line alone is rejected
    assert ("replaced", 1) in problems
    lines = {p[1] for p in problems if p[0] == "t.jsonl"}
    assert {6, 7, 8, 9} <= lines  # the broken line, the array, the number, the lone surrogate


def test_pretty_printed_object_and_over_long_line_agree() -> None:
    pretty = b'{\n  "text": "one object",\n  "n": 1\n}\n'
    assert run(pretty, as_bytes=True) == run(pretty, as_bytes=False)
    assert run(pretty, as_bytes=True)[0][0][1] == "one object"
    long_line = b'{"text": "' + b"x" * 3000 + b'"}\n{"text": "short"}\n'
    docs, problems = run(long_line, as_bytes=True, max_document_mb=0.002)
    assert [d[1] for d in docs] == ["short"] and "over the" in problems[0][2]
    assert (docs, problems) == run(long_line, as_bytes=False, max_document_mb=0.002)


def test_read_json_takes_the_bytes_path_for_utf8_only() -> None:
    for data, encoding in ((TRICKY, "utf-8"), ('{"text": "Grüße"}\n'.encode("cp1252") * 50, "cp1252")):
        problems: list = []
        ctx = ReadContext("t.jsonl", ImportOptions(), lambda *p, problems=problems: problems.append(p))
        docs = list(read_json(io.BytesIO(data), ctx))
        assert docs and ctx.detected["encoding"] == encoding
