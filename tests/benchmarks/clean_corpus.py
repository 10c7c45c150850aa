"""A benchmark corpus of real text found on this machine, with planted duplicates.

Sources: /usr/share/doc (READMEs, copyright files, changelogs, decompressed), installed
packages' METADATA descriptions, and Python's own help topics and stdlib docstrings. The
text is cut on paragraph boundaries into documents of log-normal length (mean about 450
words), then copies are planted with a known original: exact duplicates, near duplicates
(2-4 of: 2-5 % word substitutions, 1-3 dropped lines, a web header or a footer, a change
of case, doubled spaces) and a few synthetic low-quality documents. The ground truth is in
each record (``kind``, ``dup_of``). Built the same way as the research note's corpus, but
from what this machine holds and at the size asked for.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

HEADERS = ["Home | About | Contact\nSkip to main content", "Posted by admin on 12 March", "Menu\nSearch this site"]
FOOTERS = ["Share this page: Facebook Twitter Email", "Copyright 2024. All rights reserved.", "Related posts\nLeave a comment"]


def _texts() -> Iterator[str]:
    from pydoc_data.topics import topics

    yield from (topics[k] for k in sorted(topics))
    for path in sorted(Path("/usr/share/doc").rglob("*")):
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            if path.suffix == ".gz":
                raw = gzip.decompress(path.read_bytes())
            elif path.suffix in ("", ".txt", ".md", ".rst") or path.name.startswith(("README", "copyright")):
                raw = path.read_bytes()
            else:
                continue
            yield raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
            continue
    for path in sorted(Path(sys.prefix).rglob("METADATA")):
        yield path.read_text(encoding="utf-8", errors="replace")
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.rglob("*.py")):
        if "test" in path.parts:
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        for doc in re.findall(r'"""(.*?)"""', source, re.S):
            if len(doc) > 400:
                yield doc


def _documents(rng: random.Random, target_chars: int) -> list[str]:
    docs: list[str] = []
    total = 0
    for text in _texts():
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        while paragraphs:
            want = int(rng.lognormvariate(5.8, 0.8))  # words; mean ~450
            chunk, words = [], 0
            while paragraphs and words < want:
                p = paragraphs.pop(0)
                chunk.append(p)
                words += len(p.split())
            doc = "\n\n".join(chunk)
            if len(doc) >= 20:
                docs.append(doc)
                total += len(doc)
                if total >= target_chars:
                    return docs
    return docs


def _near_copy(text: str, rng: random.Random) -> str:
    ops = rng.sample(["subst", "drop", "header", "case", "spaces"], rng.randint(2, 4))
    for op in ops:
        if op == "subst":
            words = text.split(" ")
            for i in rng.sample(range(len(words)), max(1, int(len(words) * rng.uniform(0.02, 0.05)))):
                words[i] = rng.choice(["data", "system", "value", "the", "file", "page", "new", "user"])
            text = " ".join(words)
        elif op == "drop":
            lines = text.split("\n")
            for _ in range(min(len(lines) - 1, rng.randint(1, 3))):
                lines.pop(rng.randrange(len(lines)))
            text = "\n".join(lines)
        elif op == "header":
            if rng.random() < 0.5:
                text = rng.choice(HEADERS) + "\n\n" + text
            else:
                text = text + "\n\n" + rng.choice(FOOTERS)
        elif op == "case":
            text = text.lower() if rng.random() < 0.5 else text.upper()
        elif op == "spaces":
            text = text.replace(". ", ".  ")
    return text


def _junk(rng: random.Random, i: int) -> str:
    kind = i % 5
    if kind == 0:
        return "Click here"
    if kind == 1:
        return "\n".join(f"• item {rng.randint(1, 999)}" for _ in range(30))
    if kind == 2:
        return " ".join(f"#tag{rng.randint(1, 99)}" for _ in range(80))
    if kind == 3:
        return "\n".join(" ".join(str(rng.randint(0, 9999)) for _ in range(8)) for _ in range(20))
    return "\n".join(f"Read more about topic {rng.randint(1, 99)}..." for _ in range(30))


def build(out: Path, mb: float, seed: int = 0) -> Path:
    rng = random.Random(seed)
    originals = _documents(rng, int(mb * 1_000_000 * 0.88))
    records = [{"id": f"o{i}", "text": t, "kind": "original", "dup_of": None} for i, t in enumerate(originals)]
    n = len(originals)
    planted = []
    for i in range(int(n * 0.06)):
        j = rng.randrange(max(1, n // 4))
        planted.append({"id": f"e{i}", "text": originals[j], "kind": "exact", "dup_of": f"o{j}"})
    for i in range(int(n * 0.06)):
        j = rng.randrange(n)
        if len(originals[j].split()) < 50:
            continue
        planted.append({"id": f"n{i}", "text": _near_copy(originals[j], rng), "kind": "near", "dup_of": f"o{j}"})
    for i in range(int(n * 0.02)):
        planted.append({"id": f"j{i}", "text": _junk(rng, i), "kind": "junk", "dup_of": None})
    rng.shuffle(planted)
    records += planted  # every copy comes after its original, so "keep the first" keeps the original
    out.mkdir(parents=True, exist_ok=True)
    path = out / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/llmstudio-clean-bench"))
    parser.add_argument("--mb", type=float, default=20)
    args = parser.parse_args()
    built = build(args.out, args.mb)
    records = load(built)
    print(f"{built}: {len(records)} documents, {sum(len(r['text']) for r in records) / 1e6:.1f} MB of text")
