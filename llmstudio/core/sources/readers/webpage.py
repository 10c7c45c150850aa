"""HTML: the main content of a page with its boilerplate removed, and its title as metadata.

selectolax (the Lexbor engine: small, fast, no dependencies) parses the page. Navigation,
headers, footers, sidebars, scripts, forms and cookie banners are dropped; the text is
taken from ``<main>`` or the largest ``<article>`` when there is one, else from ``<body>``.
Block elements become line breaks and paragraphs become blank-line-separated, so the
paragraph split rule works on web pages too.

HTML parsers slow down with the square of the nesting depth (a million nested ``<div>``
would take hours), so tags deeper than ``MAX_DEPTH`` are removed before parsing, keeping
their text; real pages nest a few dozen levels. That pass checks the cancel token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from llmstudio.core.jobs import CancelToken
from llmstudio.core.sources.readers.base import (
    MB,
    Doc,
    FileRejected,
    MissingDependency,
    ReadContext,
)
from llmstudio.core.sources.readers.encoding import detect_encoding
from llmstudio.core.sources.readers.streams import read_limited
from llmstudio.core.sources.readers.text import note_guessed_encoding, split_text

_DROP = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, "
    "input, select, textarea, nav, header, footer, aside, menu, dialog, "
    "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], "
    "[aria-hidden=true], [hidden]"
)
_BOILERPLATE_HINT = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|sidebar|footer|header|breadcrumbs?|cookie|banner|share|social|"
    r"related|advert|ads?|promo|subscribe|newsletter|comments?)([-_ ]|$)",
    re.IGNORECASE,
)
_BLOCKS = (
    "p, div, section, article, main, h1, h2, h3, h4, h5, h6, li, dt, dd, blockquote, pre, "
    "table, tr, ul, ol, dl, figure, figcaption, hr, address"
)
_PARAGRAPHS = "p, h1, h2, h3, h4, h5, h6, blockquote, pre, table, ul, ol, dl, figure"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_CANCEL_EVERY = 65536
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


def _decode(data: bytes, ctx: ReadContext) -> str:
    declared = ctx.options.encoding
    if not declared:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    detected = detect_encoding(data[:65536], complete=len(data) <= 65536, declared=declared)
    ctx.detected["encoding"] = detected.encoding
    note_guessed_encoding(ctx, detected.how, detected.encoding)
    return data.decode(detected.encoding, errors="replace")


def cap_depth(html: str, cancel: CancelToken, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with the tags nested deeper than ``limit`` removed (their text stays), and how
    many were removed. Linear in the page size; a page with fewer tags than ``limit`` is
    returned as it is."""
    if html.count("<") <= limit:
        return html, 0
    depth = 0
    removed = 0
    pieces: list[str] = []
    last = 0
    for index, match in enumerate(_TAG.finditer(html)):
        if index % _CANCEL_EVERY == 0:
            cancel.raise_if_cancelled()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            drop = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > limit
        if drop:
            pieces.append(html[last:match.start()])
            last = match.end()
            removed += 1
    if not removed:
        return html, 0
    pieces.append(html[last:])
    return "".join(pieces), removed


def extract(html: str) -> tuple[str, str | None]:
    """(main text, title) of an HTML page."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:
        raise MissingDependency("HTML pages", "selectolax") from exc

    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else None
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css("[class], [id]"):
        hint = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in ("body", "html", "main", "article") and _BOILERPLATE_HINT.search(hint):
            node.decompose()
    root = tree.css_first("main")
    if root is None:
        articles = tree.css("article")
        if articles:
            root = max(articles, key=lambda n: len(n.text() or ""))
    if root is None:
        root = tree.body or tree.root
    if root is None:
        return "", title
    for node in root.css("br"):
        node.insert_after("\n")
    for node in root.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n\n" if node.tag in _PARAGRAPHS.replace(" ", "").split(",") else "\n")
    raw = root.text(separator="", strip=False)
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip()
    return text, title or None


def read_html(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    ctx.detected["format"] = "html"
    split = "file" if ctx.options.split in ("auto", "record") else ctx.options.split
    ctx.detected["split"] = split
    data = read_limited(stream, int(ctx.options.max_binary_mb * MB), "HTML page")
    if not data.strip():
        raise FileRejected("the file is empty")
    html, removed = cap_depth(_decode(data, ctx), ctx.cancel)
    if removed:
        ctx.report(None, f"the page nests elements more than {MAX_DEPTH} levels deep; the {removed:,} "
                         "deeper tags were ignored and their text kept", "warning")
    text, title = extract(html)
    if not text.strip():
        raise FileRejected("the page has no text once menus, scripts and styles are removed")
    ctx.detected["title"] = title
    yield from split_text(text, ctx.name, split, {"title": title} if title else None)
