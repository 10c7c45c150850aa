"""Fuzzing the parsers: any bytes give documents or one clear rejection, never a crash.

Readers run on their own (no project) so hypothesis can try many inputs quickly; the
round-trip properties check that what a writer wrote is what the reader gives back.
"""

from __future__ import annotations

import csv
import gzip
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmstudio.core.sources.readers import Doc, FileRejected, ImportOptions, ReadContext, iter_units

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["a.txt", "a.jsonl", "a.json", "a.csv", "a.tsv", "a.html", "a.pdf", "a.docx", "a.gz", "a.zip", "a.tar", "a"]


def read_all(data: bytes, name: str, options: ImportOptions = ImportOptions()) -> tuple[list[Doc], list[tuple], bool]:
    problems: list[tuple] = []
    ctx = ReadContext(name, options, lambda *p: problems.append(p))
    docs: list[Doc] = []
    rejected = False
    try:
        for unit in iter_units(io.BytesIO(data), ctx):
            try:
                docs.extend(unit.docs)
            except FileRejected:
                rejected = True
    except FileRejected:
        rejected = True
    for doc in docs:
        assert isinstance(doc.text, str) and doc.text.strip()
        assert isinstance(doc.origin, str) and doc.origin.startswith(name)
    for problem in problems:
        assert problem[0].startswith(name) and isinstance(problem[2], str) and problem[2]
    return docs, problems, rejected


@FUZZ
@given(data=st.binary(max_size=2048), name=st.sampled_from(NAMES))
def test_random_bytes_never_crash_any_reader(data: bytes, name: str) -> None:
    read_all(data, name)


@FUZZ
@given(
    text=st.text(max_size=400),
    name=st.sampled_from(["a.txt", "a.jsonl", "a.csv", "a.html", "a.md"]),
    split=st.sampled_from(["auto", "file", "line", "paragraph", "record"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_random_text_never_crashes(text: str, name: str, split: str, encoding: str) -> None:
    read_all(text.encode(encoding, "surrogatepass"), name, ImportOptions(split=split))


@FUZZ
@given(data=st.binary(min_size=1, max_size=512))
def test_damaged_gzip_is_rejected_or_read(data: bytes) -> None:
    packed = bytearray(gzip.compress(b"some text to compress\n" * 20))
    # Overwrite a slice of the compressed body with random bytes.
    start = 10 + (len(data) % max(1, len(packed) - 10))
    packed[start : start + len(data)] = data
    read_all(bytes(packed), "d.txt.gz", ImportOptions(split="line"))


# Control characters (NUL...) make a file binary by design, so round trips use printable text.
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda t: t.strip())


@FUZZ
@given(records=st.lists(st.fixed_dictionaries({"text": _texts, "n": st.integers()}), min_size=1, max_size=20))
def test_jsonl_round_trip(records: list[dict]) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    docs, problems, rejected = read_all(data, "r.jsonl")
    assert not rejected and not problems
    assert [d.text for d in docs] == [r["text"] for r in records]
    as_array, _, _ = read_all(json.dumps(records).encode(), "r.json")
    assert [d.text for d in as_array] == [r["text"] for r in records]


@FUZZ
@given(rows=st.lists(st.tuples(_texts, _texts), min_size=1, max_size=15), delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_round_trip(rows: list[tuple[str, str]], delimiter: str) -> None:
    rows = [(a.replace("\r", ""), b.replace("\r", "")) for a, b in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(["text", "other"])
    writer.writerows(rows)
    options = ImportOptions(text_field="text", csv_delimiter=delimiter, csv_header=True)
    docs, problems, rejected = read_all(buffer.getvalue().encode(), "r.csv", options)
    assert not rejected and not problems
    assert [d.text for d in docs] == [a for a, _ in rows]
