"""Search snippets: a short extract around a query's first match, matches in [brackets].

FTS5's own ``snippet()`` needs the text in the index, and ours is contentless (the text is
stored once, in the project), so extracts are made here, in the same manner: a phrase is
marked as one bracket where it occurs as a phrase, a prefix word marks the words it
starts, and the terms a ``NOT`` leaves out are never marked.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'"([^"]*)"(\*?)|(\w+)(\*?)', re.UNICODE)
_OPERATORS = {"AND", "OR", "NEAR"}

Phrase = tuple[tuple[str, ...], bool]  # words (case-folded), last word a prefix


def query_phrases(query: str) -> list[Phrase]:
    """What a search looks for, as FTS5 reads it: quoted phrases and single words (a word
    is a phrase of one); ``*`` makes the last word a prefix; what follows NOT is left out."""
    phrases: list[Phrase] = []
    negate = False
    for quoted, quoted_star, word, word_star in _QUERY_PART.findall(query):
        if word == "NOT":
            negate = True
            continue
        if word in _OPERATORS:
            continue
        words = tuple(w.casefold() for w in _TOKEN.findall(quoted)) if quoted else (word.casefold(),)
        if words and not negate:
            phrases.append((words, bool(quoted_star or word_star)))
        negate = False
    return phrases


def snippet(text: str, query: str, tokens: int = 16) -> str:
    """A short extract around the first match of ``query``, each match in [brackets]
    (a phrase as one bracket), in the manner of FTS5's own ``snippet()``."""
    phrases = query_phrases(query)
    spans = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]
    if not spans:
        return text[:200]

    def length_at(i: int) -> int:
        """How many tokens from ``i`` on match a phrase of the query (0: none)."""
        for words, prefix in phrases:
            n = len(words)
            if i + n > len(spans):
                continue
            if all(spans[i + k][2] == words[k] for k in range(n - 1)) and (
                spans[i + n - 1][2].startswith(words[-1]) if prefix else spans[i + n - 1][2] == words[-1]
            ):
                return n
        return 0

    first = next((i for i in range(len(spans)) if length_at(i)), 0)
    start = max(0, min(first - tokens // 4, len(spans) - tokens))
    stop = min(len(spans), start + tokens)
    out, pos, i = [], spans[start][0], start
    while i < stop:
        n = min(length_at(i), stop - i)
        end = spans[i + max(n, 1) - 1][1]
        piece = text[spans[i][0]:end]
        out.append(text[pos:spans[i][0]])
        out.append(f"[{piece}]" if n else piece)
        pos, i = end, i + max(n, 1)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(spans) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix

