"""Every importable format, imported into a real project and read back as a user would see it."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
from pathlib import Path

import pytest
from sources_fixtures import HTML_PAGE, make_docx, make_hf_dataset, make_parquet, make_pdf, make_zip

from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths, list_sources


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with Project.create(tmp_path / "project") as p:
        yield p


def texts(project: Project) -> list[str]:
    return [r[0] for r in project.db.execute("SELECT text FROM documents ORDER BY id")]


def origins(project: Project) -> list[str]:
    return [r[0] for r in project.db.execute("SELECT origin FROM documents ORDER BY id")]


# ---------------------------------------------------------------- plain text and splits
def test_text_file_is_one_document_by_default(project: Project, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Title\n\nFirst paragraph.\n\nSecond one.\n")
    summary = import_paths(project, [tmp_path / "notes.md"])
    assert summary.complete and summary.files == 1 and summary.documents == 1
    assert texts(project) == ["# Title\n\nFirst paragraph.\n\nSecond one.\n"]


@pytest.mark.parametrize(
    ("split", "expected", "first_origin"),
    [
        ("line", ["# Title", "First paragraph.", "still first.", "Second one."], "notes.txt:1"),
        ("paragraph", ["# Title", "First paragraph.\nstill first.", "Second one."], "notes.txt:1"),
    ],
)
def test_split_rules(project: Project, tmp_path: Path, split: str, expected: list[str], first_origin: str) -> None:
    (tmp_path / "notes.txt").write_text("# Title\n\nFirst paragraph.\nstill first.\n\n\nSecond one.\n")
    import_paths(project, [tmp_path / "notes.txt"], ImportOptions(split=split))
    assert texts(project) == expected
    assert origins(project)[0] == first_origin


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8-sig", "Grüße aus Köln — “quoted”"),
        ("utf-16", "Grüße aus Köln, UTF-16 with a BOM"),
        ("utf-16-le", "Plain words in UTF-16 without any byte order mark at all"),
        ("cp1252", "The naïve café owner said “hello” to everyone. Déjà vu. " * 3),
        ("gb18030", "中华人民共和国是一个位于东亚的国家。首都是北京。人口众多，历史悠久，文化灿烂。" * 2),
        ("shift_jis", "日本語のテキストです。東京は日本の首都です。今日は良い天気ですね。" * 2),
    ],
)
def test_encodings_are_detected(project: Project, tmp_path: Path, encoding: str, text: str) -> None:
    (tmp_path / "doc.txt").write_bytes(text.encode(encoding))
    summary = import_paths(project, [tmp_path / "doc.txt"])
    assert summary.complete, summary.problems
    assert texts(project) == [text]
    row = project.db.execute("SELECT encoding FROM import_files").fetchone()
    assert row[0]


# ---------------------------------------------------------------- JSON
def test_jsonl_nested_text_field_label_id_and_metadata(project: Project, tmp_path: Path) -> None:
    rows = [
        {"uid": "a1", "meta": {"body": "first text", "lang": "en"}, "stars": 5, "sentiment": "pos"},
        {"uid": "a2", "meta": {"body": "second text"}, "stars": 1, "sentiment": "neg"},
    ]
    (tmp_path / "reviews.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    options = ImportOptions(text_field="meta.body", id_field="uid", label_field="sentiment")
    summary = import_paths(project, [tmp_path / "reviews.jsonl"], options)
    assert summary.documents == 2 and summary.labelled == 2
    got = project.db.execute("SELECT text, external_id, label, meta_json FROM documents ORDER BY id").fetchall()
    assert [tuple(r)[:3] for r in got] == [("first text", "a1", "pos"), ("second text", "a2", "neg")]
    assert json.loads(got[0][3]) == {"stars": 5}
    # The labels became annotations in a schema named after the field.
    labels = project.db.execute(
        "SELECT l.name FROM annotation_labels al JOIN labels l ON l.id = al.label_id ORDER BY al.annotation_id"
    ).fetchall()
    assert [r[0] for r in labels] == ["pos", "neg"]
    assert project.db.execute("SELECT name FROM label_schemas").fetchone()[0] == "sentiment"


def test_json_array_is_streamed_and_text_field_guessed(project: Project, tmp_path: Path) -> None:
    rows = [{"title": f"t{i}", "content": f"body number {i}"} for i in range(50)]
    (tmp_path / "data.json").write_text(json.dumps(rows, indent=2))
    summary = import_paths(project, [tmp_path / "data.json"])
    assert summary.complete and summary.documents == 50
    assert texts(project)[:2] == ["body number 0", "body number 1"]
    assert origins(project)[0] == "data.json[0]"


def test_pretty_printed_single_object(project: Project, tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": "only one", "n": 1}, indent=2))
    summary = import_paths(project, [tmp_path / "one.json"])
    assert summary.complete and texts(project) == ["only one"]


# ---------------------------------------------------------------- CSV / TSV
def test_csv_sniffs_delimiter_header_and_multiline_fields(project: Project, tmp_path: Path) -> None:
    (tmp_path / "reviews.csv").write_text(
        'id;review;stars\n1;"A long review\nover two lines; with a semicolon";5\n2;Short one;3\n'
    )
    summary = import_paths(project, [tmp_path / "reviews.csv"], ImportOptions(id_field="id"))
    assert summary.complete, summary.problems
    assert texts(project) == ["A long review\nover two lines; with a semicolon", "Short one"]
    assert origins(project) == ["reviews.csv:2", "reviews.csv:4"]
    meta = json.loads(project.db.execute("SELECT meta_json FROM documents").fetchone()[0])
    assert meta == {"stars": "5"}


def test_tsv_with_chosen_column_and_no_header(project: Project, tmp_path: Path) -> None:
    (tmp_path / "pairs.tsv").write_text("hello\tbonjour\nthank you\tmerci\n")
    summary = import_paths(
        project, [tmp_path / "pairs.tsv"], ImportOptions(text_field="column_2", csv_header=False)
    )
    assert summary.complete and texts(project) == ["bonjour", "merci"]


# ---------------------------------------------------------------- Parquet and Arrow
def test_parquet_by_row_group_with_labels(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    rows = [{"text": f"document {i}", "label": "even" if i % 2 == 0 else "odd", "n": i} for i in range(7)]
    make_parquet(tmp_path / "d.parquet", rows, row_group_size=3)
    summary = import_paths(project, [tmp_path / "d.parquet"], ImportOptions(label_field="label"))
    assert summary.complete and summary.documents == 7 and summary.labelled == 7
    assert texts(project)[6] == "document 6"
    assert origins(project)[0] == "d.parquet#row=1"


def test_hugging_face_save_to_disk_folder(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    make_hf_dataset(tmp_path / "ds" / "train", [{"sentence": f"s{i}", "idx": i} for i in range(5)])
    (tmp_path / "ds" / "dataset_dict.json").write_text('{"splits": ["train"]}')
    summary = import_paths(project, [tmp_path / "ds"])
    assert summary.complete, summary.problems
    assert texts(project) == [f"s{i}" for i in range(5)]


def test_missing_optional_library_says_what_to_install(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "d.parquet").write_bytes(b"PAR1 not really")
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    summary = import_paths(project, [tmp_path / "d.parquet"])
    assert summary.rejected_files == 1
    assert "pip install 'llmstudio[parquet]'" in summary.problems[0].reason


# ---------------------------------------------------------------- HTML, PDF, DOCX
def test_html_main_content_without_boilerplate(project: Project, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(HTML_PAGE)
    summary = import_paths(project, [tmp_path / "page.html"])
    assert summary.complete
    (text,) = texts(project)
    assert "The waves were tall and the sand was warm." in text
    for boilerplate in ("Menu item", "cookies", "Copyright", "Related", "tracking", "color"):
        assert boilerplate not in text
    meta = json.loads(project.db.execute("SELECT meta_json FROM documents").fetchone()[0])
    assert meta == {"title": "A Day at the Sea"}


def test_pdf_text_layer_per_page(project: Project, tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(make_pdf(["Hello from page one", "And page two"]))
    summary = import_paths(project, [tmp_path / "paper.pdf"], ImportOptions(split="record"))
    assert summary.complete
    assert texts(project) == ["Hello from page one", "And page two"]
    assert origins(project) == ["paper.pdf#page=1", "paper.pdf#page=2"]


def test_pdf_without_text_layer_is_rejected_with_a_hint(project: Project, tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([""]))
    summary = import_paths(project, [tmp_path / "scan.pdf"])
    assert summary.rejected_files == 1 and "OCR" in summary.problems[0].reason


def test_docx_paragraphs_tables_and_title(project: Project, tmp_path: Path) -> None:
    make_docx(tmp_path / "letter.docx", ["Dear friend,", "The garden is blooming."], title="Letter")
    summary = import_paths(project, [tmp_path / "letter.docx"])
    assert summary.complete, summary.problems
    (text,) = texts(project)
    assert "Dear friend," in text and "The garden is blooming." in text and "cell one\tcell two" in text
    assert json.loads(project.db.execute("SELECT meta_json FROM documents").fetchone()[0]) == {"title": "Letter"}


# ---------------------------------------------------------------- compressed streams and archives
@pytest.mark.parametrize("kind", ["gz", "bz2", "xz", "zst"])
def test_compressed_streams(project: Project, tmp_path: Path, kind: str) -> None:
    data = b'{"text": "alpha"}\n{"text": "beta"}\n'
    if kind == "zst":
        zstandard = pytest.importorskip("zstandard")
        packed = zstandard.ZstdCompressor().compress(data)
    else:
        packed = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[kind](data)
    (tmp_path / f"d.jsonl.{kind}").write_bytes(packed)
    summary = import_paths(project, [tmp_path / f"d.jsonl.{kind}"])
    assert summary.complete, summary.problems
    assert texts(project) == ["alpha", "beta"]
    assert origins(project)[0] == f"d.jsonl.{kind}:1"


def test_zip_and_tar_gz_members_are_read_as_streams(project: Project, tmp_path: Path) -> None:
    make_zip(tmp_path / "a.zip", {"one.txt": b"zip one", "dir/two.md": b"zip two", "skip.png": b"\x89PNG"})
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in {"x/three.txt": b"tar three", "four.jsonl": b'{"text": "tar four"}\n'}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (tmp_path / "b.tgz").write_bytes(buffer.getvalue())
    summary = import_paths(project, [tmp_path / "a.zip", tmp_path / "b.tgz"])
    assert summary.complete, summary.problems
    assert sorted(texts(project)) == ["tar four", "tar three", "zip one", "zip two"]
    assert "a.zip!/dir/two.md" in origins(project)
    assert [s["kind"] for s in list_sources(project)] == ["archive", "archive"]
    assert not list((tmp_path).glob("**/three.txt")), "nothing is extracted to disk"


# ---------------------------------------------------------------- folders, globs, duplicates
def test_folder_walk_with_include_and_exclude(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "keep").mkdir(parents=True)
    (folder / "keep" / "a.txt").write_text("a")
    (folder / "keep" / "b.log").write_text("b")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "c.txt").write_text("c")
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "script.py").write_text("print('not text to import')")
    summary = import_paths(project, [folder], ImportOptions(include=("*.txt", "*.log"), exclude=("drafts/*",)))
    assert summary.complete and sorted(texts(project)) == ["a", "b"]


def test_reimport_is_detected_by_hash_or_done_again_on_request(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("the same content")
    import_paths(project, [tmp_path / "a.txt"])
    again = import_paths(project, [tmp_path / "a.txt"])
    assert again.skipped_files == 1 and again.documents == 0 and again.complete
    assert again.problems[0].severity == "duplicate"
    forced = import_paths(project, [tmp_path / "a.txt"], ImportOptions(skip_duplicates=False))
    assert forced.documents == 1
    assert project.document_count() == 2


# ---------------------------------------------------------------- URLs (a local server)
def test_urls_with_size_limit_timeout_and_errors(project: Project, tmp_path: Path) -> None:
    import http.server
    import threading
    import time

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path == "/page.html":
                body, kind = HTML_PAGE, "text/html; charset=utf-8"
            elif self.path == "/notes":
                body, kind = b"plain notes from the server", "text/plain"
            elif self.path == "/big":
                body, kind = b"x" * (2 * 1024 * 1024), "text/plain"
            elif self.path == "/slow":
                time.sleep(2)
                body, kind = b"late", "text/plain"
            else:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the importer hung up on purpose (size limit)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/page.html", f"{base}/notes", f"{base}/missing", f"{base}/big", f"{base}/slow"]
        summary = import_paths(project, urls, ImportOptions(url_max_mb=1, url_timeout_s=0.5))
    finally:
        server.shutdown()
        server.server_close()
    assert summary.documents == 2 and summary.rejected_files == 3
    reasons = {p.file.rsplit("/", 1)[-1]: p.reason for p in summary.problems}
    assert "HTTP 404" in reasons["missing"]
    assert "limit" in reasons["big"]
    assert "no answer" in reasons["slow"]
    assert origins(project) == [f"{base}/page.html", f"{base}/notes"]
    (source,) = list_sources(project)
    assert source["kind"] == "url" and len(source["options"]["urls"]) == 5
