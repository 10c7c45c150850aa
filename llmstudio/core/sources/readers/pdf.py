"""PDF: the text layer, page by page, through pypdf (pure Python, no system libraries).

A scanned PDF has no text layer; it is refused with a hint to run OCR first rather than
imported as empty documents. Encrypted files are refused with a hint to remove the
password. With the ``record`` split each page is a document (``file.pdf#page=3``).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import BinaryIO

from llmstudio.core.sources.readers.base import MB, Doc, FileRejected, MissingDependency, ReadContext
from llmstudio.core.sources.readers.streams import read_limited
from llmstudio.core.sources.readers.text import split_text

log = logging.getLogger(__name__)


def read_pdf(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    try:
        import pypdf
        from pypdf.errors import PyPdfError
    except ImportError as exc:
        raise MissingDependency("PDF files", "pypdf") from exc
    ctx.detected["format"] = "pdf"
    split = "file" if ctx.options.split == "auto" else ctx.options.split
    ctx.detected["split"] = "page" if split == "record" else split
    data = read_limited(stream, int(ctx.options.max_binary_mb * MB), "PDF")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise FileRejected("the PDF is encrypted; remove its password and import it again")
        pages: list[str] = []
        for index, page in enumerate(reader.pages, start=1):
            ctx.cancel.raise_if_cancelled()
            try:
                pages.append(page.extract_text() or "")
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
                ctx.report(index, f"page {index} could not be read ({exc}); skipped")
                pages.append("")
    except FileRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise FileRejected(f"not a readable PDF ({exc})") from exc
    ctx.detected["pages"] = len(pages)
    if not any(p.strip() for p in pages):
        raise FileRejected("the PDF has no text layer (scanned pages?); run OCR on it first")
    if split == "record":
        for index, page_text in enumerate(pages, start=1):
            if page_text.strip():
                yield Doc(f"{ctx.name}#page={index}", page_text)
        return
    yield from split_text("\n\n".join(p for p in pages if p.strip()), ctx.name, split)
