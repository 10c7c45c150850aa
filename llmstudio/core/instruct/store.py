"""Prompt/response datasets: imported from JSON Lines or built from labelled documents.

A dataset is ``instruct/NAME.jsonl`` in the project folder, one ``{"prompt", "response"}``
object a line, written atomically once every line has been checked: a bad line refuses the
whole import with its line number and the fix, and leaves the project as it was. Datasets
are plain files (not database rows) so they can be read, diffed and replaced by hand. No
torch here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project

FOLDER = "instruct"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_LINE_ERRORS = 1  # the first bad line is named; fixing it and importing again shows the next


@dataclass(frozen=True)
class Example:
    prompt: str
    response: str


@dataclass(frozen=True)
class DatasetSummary:
    name: str
    examples: int
    path: Path


def dataset_path(project: Project, name: str) -> Path:
    if not NAME_PATTERN.fullmatch(name or ""):
        raise StudioError(f"instruction dataset name {name!r} must be 1-64 letters, digits, '.', '_' or '-' "
                          "(starting with a letter or digit)")
    return project.root / FOLDER / f"{name}.jsonl"


def parse_jsonl(text: str, source: str = "the file") -> list[Example]:
    """Examples from JSON Lines text; the first bad line ends it with a one-line error naming the line."""
    examples: list[Example] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise StudioError(f"{where} is not JSON ({exc.args[0] if exc.args else exc}); each line must be an "
                              'object like {"prompt": "...", "response": "..."}') from None
        if not isinstance(record, dict):
            raise StudioError(f'{where} is a JSON {type(record).__name__}, not an object with "prompt" and '
                              '"response"')
        missing = [key for key in ("prompt", "response") if key not in record]
        if missing:
            raise StudioError(f"{where} has no {' and no '.join(repr(k) for k in missing)} field; each line needs "
                              '"prompt" and "response"')
        prompt, response = record["prompt"], record["response"]
        if not isinstance(prompt, str) or not isinstance(response, str):
            raise StudioError(f'{where}: "prompt" and "response" must be strings (text), not '
                              f"{type(prompt).__name__} and {type(response).__name__}")
        if not prompt.strip() or not response.strip():
            raise StudioError(f'{where}: "{"prompt" if not prompt.strip() else "response"}" is empty; remove the '
                              "line or fill it in")
        examples.append(Example(prompt, response))
    if not examples:
        raise StudioError(f'{source} holds no examples; write one {{"prompt": "...", "response": "..."}} per line')
    return examples


def save_dataset(project: Project, name: str, examples: list[Example], replace: bool = False) -> DatasetSummary:
    path = dataset_path(project, name)
    if path.exists() and not replace:
        raise StudioError(f"an instruction dataset named {name!r} exists already; choose another --name or pass "
                          "--replace")
    if not examples:
        raise StudioError("no examples to save")
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps({"prompt": e.prompt, "response": e.response}, ensure_ascii=False) for e in examples)
    write_text_atomic(path, "\n".join(lines) + "\n")
    return DatasetSummary(name, len(examples), path)


def import_jsonl(project: Project, file: Path, name: str = "", replace: bool = False) -> DatasetSummary:
    """Import ``file`` (JSON Lines with ``prompt`` and ``response``) as dataset ``name`` (default: the file's stem)."""
    file = Path(file).expanduser()
    name = name or re.sub(r"[^A-Za-z0-9_.-]", "_", file.stem)
    dataset_path(project, name)  # the name is checked before the file is read
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StudioError(f"{file} does not exist; give the path of a .jsonl file") from None
    except UnicodeDecodeError:
        raise StudioError(f"{file} is not UTF-8 text; save it as UTF-8 JSON Lines") from None
    except OSError as exc:
        raise StudioError(f"cannot read {file}: {exc.strerror or exc}") from None
    return save_dataset(project, name, parse_jsonl(text, file.name), replace)


def from_labels(project: Project, name: str, instruction: str, schema: str = "", split: str = "",
                replace: bool = False) -> DatasetSummary:
    """One example per labelled document of ``schema``: the instruction and the document -> its label(s)
    (several labels joined by ', '). ``split`` keeps one split's documents (train, validation, test)."""
    from llmstudio.core.classify.data import document_texts, resolve_schema, split_of_documents
    from llmstudio.core.labels.annotations import iter_gold

    dataset_path(project, name)
    if not instruction.strip():
        raise StudioError("the instruction is empty; say what to do with each document, e.g. "
                          "--instruction 'Classify the sentiment of this review.'")
    chosen = resolve_schema(project, schema)
    gold = [(g.document_id, g.labels) for g in iter_gold(project, chosen) if g.labels]
    if split:
        splits = split_of_documents(project)
        if not splits:
            raise StudioError("the project has no train/validation/test split yet; make one with "
                              "'llmstudio split DIR', or leave out --split")
        gold = [(doc, labels) for doc, labels in gold if splits.get(doc) == split]
    if not gold:
        where = f" in the {split} split" if split else ""
        raise StudioError(f"schema '{chosen.name}' has no labelled documents{where}; label some first")
    texts = document_texts(project, [doc for doc, _ in gold])
    examples = [Example(f"{instruction.strip()}\n\n{texts[doc]}", ", ".join(labels))
                for doc, labels in gold if texts.get(doc, "").strip()]
    return save_dataset(project, name, examples, replace)


def list_datasets(project: Project) -> list[DatasetSummary]:
    folder = project.root / FOLDER
    found = []
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for line in handle if line.strip())
        found.append(DatasetSummary(path.stem, count, path))
    return found


def load_dataset(project: Project, name: str) -> list[Example]:
    path = dataset_path(project, name)
    if not path.is_file():
        known = ", ".join(d.name for d in list_datasets(project)) or "none yet"
        raise StudioError(f"there is no instruction dataset {name!r} (datasets: {known}); import one with "
                          "'llmstudio instruct DIR import FILE'")
    return parse_jsonl(path.read_text(encoding="utf-8"), path.name)
