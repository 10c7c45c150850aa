"""One query, the same documents: the Sources browser, the label table and the label queue agree.

They used to read a query three ways (the table quoted every word, so ``whale*`` found only
"whale", ``"white whale"`` found both words anywhere and ``whale NOT ship`` looked for the
word "not"). Now all of them go through ``search.query``; this test holds them to it on the
real Moby-Dick chapters, and checks the answer against the documents' own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from llmstudio.core.labels.queue import LabelQueue
from llmstudio.core.labels.schemas import LabelSchema, create_schema
from llmstudio.core.labels.table import DocumentTable, TableFilter
from llmstudio.core.project import Project
from llmstudio.core.sources.browser import DocumentBrowser
from llmstudio.core.sources.importer import ImportOptions, import_paths
from llmstudio.resources import resource_path

_TOKEN = re.compile(r"[^\W_]+")  # FTS5's unicode61 tokenizer: letters and digits; "_" separates

Words = list[str]


def _has(word: str) -> Callable[[Words], bool]:
    return lambda words: word in words


def _starts(prefix: str) -> Callable[[Words], bool]:
    return lambda words: any(w.startswith(prefix) for w in words)


def _phrase(*phrase: str) -> Callable[[Words], bool]:
    n = len(phrase)
    return lambda words: any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


# query -> what a document's words must satisfy to match it
QUERIES: dict[str, Callable[[Words], bool]] = {
    "whale": _has("whale"),  # a plain word
    "WHALE": _has("whale"),  # case does not matter
    "whale*": _starts("whale"),  # a prefix: whale, whales, whaleman, whaling is not one
    '"white whale"': _phrase("white", "whale"),  # a phrase: the words together, in order
    "white whale": lambda w: "white" in w and "whale" in w,  # two words: both, anywhere
    "whale NOT ship": lambda w: "whale" in w and "ship" not in w,
    "sea OR ship": lambda w: "sea" in w or "ship" in w,
    '"white whale': lambda w: "white" in w and "whale" in w,  # not valid FTS5: plain words
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    chapters = sorted(resource_path("demo", "moby-dick").glob("*.txt"))
    root = tmp_path_factory.mktemp("agreement")
    with Project.create(root / "p") as p:
        # One source per chapter, one document per paragraph.
        import_paths(p, chapters, ImportOptions(split="paragraph"))
        yield p


@pytest.fixture(scope="module")
def schema(project: Project) -> LabelSchema:
    return create_schema(project, "topic", ["sea", "land"])


def expected(project: Project, matches: Callable[[Words], bool], source_id: int | None = None) -> list[int]:
    """The documents whose own words match, read straight from the project (the oracle)."""
    rows = project.db.execute(
        "SELECT id, text FROM documents WHERE ? IS NULL OR source_id = ? ORDER BY id", (source_id, source_id)
    )
    return [doc_id for doc_id, text in rows if matches(_TOKEN.findall(text.casefold()))]


def browser_ids(project: Project, query: str, source_id: int | None = None) -> list[int]:
    """Every hit, page by page as the Sources panel fetches them (keyset paging)."""
    browser = DocumentBrowser(project, page_size=50, source_id=source_id)
    ids: list[int] = []
    while page := browser.search(query, after_id=ids[-1] if ids else 0):
        ids.extend(row.id for row in page)
    assert browser.search_count(query) == len(ids)
    return ids


def table_ids(project: Project, schema: LabelSchema, query: str) -> list[int]:
    table = DocumentTable(project, schema, TableFilter(search=query))
    try:
        return table.page_ids(0, table.count())
    finally:
        table.close()


@pytest.mark.parametrize("query", list(QUERIES))
def test_browser_table_and_queue_find_the_same_documents(project: Project, schema: LabelSchema, query: str) -> None:
    want = expected(project, QUERIES[query])
    assert 0 < len(want) < project.document_count()  # the query tells documents apart
    assert browser_ids(project, query) == want
    assert table_ids(project, schema, query) == want
    assert list(LabelQueue(project, schema, "me", "search", search=query)) == want


@pytest.mark.parametrize("query", ["whale*", '"white whale"', "whale NOT ship", "whale"])
def test_a_search_within_one_source_finds_that_sources_share(
    project: Project, schema: LabelSchema, query: str
) -> None:
    # The label table has no source filter; within one source the browser finds exactly the
    # table's documents that belong to that source.
    (source_id,) = project.db.execute("SELECT id FROM sources WHERE path LIKE '%chapter_36.txt'").fetchone()
    in_source = {r[0] for r in project.db.execute("SELECT id FROM documents WHERE source_id = ?", (source_id,))}
    want = expected(project, QUERIES[query], source_id=source_id)
    assert want and browser_ids(project, query, source_id=source_id) == want
    assert [d for d in table_ids(project, schema, query) if d in in_source] == want


def test_the_kinds_of_query_differ_as_a_reader_expects(project: Project, schema: LabelSchema) -> None:
    word, prefix = set(table_ids(project, schema, "whale")), set(table_ids(project, schema, "whale*"))
    phrase, both = set(table_ids(project, schema, '"white whale"')), set(table_ids(project, schema, "white whale"))
    assert word < prefix  # "whales" and "whaleman" count for the prefix only
    assert phrase < both  # "white" and "whale" apart count for the two words only
    assert set(table_ids(project, schema, "whale NOT ship")) < word
    assert browser_ids(project, "*") == table_ids(project, schema, "*") == []  # nothing to look for


def test_without_a_usable_index_every_view_falls_back_to_the_same_scan(tmp_path: Path) -> None:
    texts = ["The white whale swam", "a whale, white as snow", "whales and ships", "the ship sailed"]
    corpus = tmp_path / "docs.txt"
    corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p") as project:
        (project.root / "search.sqlite").mkdir()  # the index file cannot be created
        import_paths(project, [corpus], ImportOptions(split="line"))
        schema = create_schema(project, "s", ["a", "b"])
        for query, want in (("whale", [1, 2, 3]), ('"white whale"', [1]), ("ship whale", [3])):
            assert browser_ids(project, query) == want, query
            assert table_ids(project, schema, query) == want, query
            assert list(LabelQueue(project, schema, "me", "search", search=query)) == want, query
