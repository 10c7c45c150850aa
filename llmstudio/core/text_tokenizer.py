"""One face for every tokenizer a project can hold: its own sentencepiece, or an imported one.

A project trains sentencepiece tokenizers, but a model imported from Hugging Face brings
its own tokenizer, usually a ``tokenizers`` ``tokenizer.json``. Encoding the cleaned
text, generating and exporting only need encode, decode, the vocabulary size and the
special token ids, so both kinds stand behind ``TextTokenizer`` and the rest of the app
does not care which one it holds. Neither kind is ever unpickled: a sentencepiece model is
a protobuf and a ``tokenizer.json`` is JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from llmstudio.core.errors import StudioError

HF_MODEL_TYPE = "hf"  # the tokenizers table's model_type for an imported tokenizer.json
SPECIALS_FILE = "specials.json"  # next to an imported tokenizer.json: its special token ids


class TextTokenizer(Protocol):
    """What the app needs from a tokenizer."""

    vocab_size: int
    eos_id: int
    bos_id: int | None
    unk_id: int | None

    def encode(self, text: str) -> list[int]: ...

    def encode_batch(self, texts: list[str]) -> list[list[int]]: ...

    def decode(self, ids: list[int]) -> str: ...

    def pieces(self, text: str) -> list[str]: ...

    def id_to_piece(self, index: int) -> str: ...


class SentencePieceTokenizer:
    """A sentencepiece model (trained here, or a ``tokenizer.model`` that came with a model)."""

    def __init__(self, path: Path) -> None:
        import sentencepiece as spm

        try:
            self.processor = spm.SentencePieceProcessor(model_file=str(path))
        except (OSError, RuntimeError) as exc:
            raise StudioError(f"{path} is not a sentencepiece model ({exc}); train or import the tokenizer again") from exc
        self.path = Path(path)
        self.vocab_size = int(self.processor.get_piece_size())
        eos = int(self.processor.eos_id())
        if eos < 0:
            raise StudioError(f"the sentencepiece model {path} has no end-of-text token (eos_id); it cannot mark documents")
        self.eos_id = eos
        self.bos_id = _id_or_none(self.processor.bos_id())
        self.unk_id = _id_or_none(self.processor.unk_id())

    def encode(self, text: str) -> list[int]:
        return list(self.processor.encode(text))

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return [list(ids) for ids in self.processor.encode(list(texts))]

    def decode(self, ids: list[int]) -> str:
        return str(self.processor.decode(list(ids)))

    def pieces(self, text: str) -> list[str]:
        return list(self.processor.encode(text, out_type=str))

    def id_to_piece(self, index: int) -> str:
        return str(self.processor.id_to_piece(index))


@dataclass(frozen=True)
class Specials:
    """The special tokens of an imported tokenizer, by id (None where it has none)."""

    eos_id: int
    bos_id: int | None = None
    unk_id: int | None = None
    pad_id: int | None = None

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


class HFTokenizer:
    """A Hugging Face ``tokenizers`` tokenizer (``tokenizer.json``) with its special ids."""

    def __init__(self, path: Path, specials: Specials | None = None) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise StudioError(
                "this tokenizer needs the 'tokenizers' package; install llmstudio with its hf extra "
                "(pip install 'llmstudio[hf]')"
            ) from exc
        try:
            self.tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # tokenizers raises plain Exception subclasses on bad JSON
            raise StudioError(f"{path} is not a readable tokenizer.json ({exc})") from exc
        self.path = Path(path)
        if specials is None:
            specials = read_specials(self.path.parent / SPECIALS_FILE)
        self.vocab_size = int(self.tokenizer.get_vocab_size(with_added_tokens=True))
        self.eos_id, self.bos_id, self.unk_id = specials.eos_id, specials.bos_id, specials.unk_id
        self.specials = specials

    def encode(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return [list(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(list(ids), skip_special_tokens=True))

    def pieces(self, text: str) -> list[str]:
        return list(self.tokenizer.encode(text, add_special_tokens=False).tokens)

    def id_to_piece(self, index: int) -> str:
        return str(self.tokenizer.id_to_token(index) or "")


def read_specials(path: Path) -> Specials:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Specials(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise StudioError(f"the special-token file {path} is missing or damaged ({exc}); import the model again") from exc


def specials_from_config(tokenizer: Any, folder: Path) -> Specials:
    """Special ids of a Hugging Face tokenizer folder, from tokenizer_config.json,
    special_tokens_map.json and config.json, in that order of preference."""
    names: dict[str, str] = {}
    for file in ("special_tokens_map.json", "tokenizer_config.json"):
        path = folder / file
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise StudioError(f"{path} is not valid JSON ({exc})") from exc
        for key in ("eos_token", "bos_token", "unk_token", "pad_token"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("content")
            if isinstance(value, str):
                names[key] = value
    ids: dict[str, int | None] = {}
    for key in ("eos_token", "bos_token", "unk_token", "pad_token"):
        ids[key] = tokenizer.token_to_id(names[key]) if key in names else None
        if key in names and ids[key] is None:
            raise StudioError(f"the tokenizer in {folder} names {key} {names[key]!r}, which is not in its vocabulary")
    if ids["eos_token"] is None:
        config = folder / "config.json"
        eos = json.loads(config.read_text(encoding="utf-8")).get("eos_token_id") if config.is_file() else None
        if isinstance(eos, list):
            eos = eos[0] if eos else None
        ids["eos_token"] = eos if isinstance(eos, int) else None
    if ids["eos_token"] is None:
        raise StudioError(
            f"the tokenizer in {folder} names no end-of-text token (eos_token in tokenizer_config.json); "
            "add one so documents can be told apart"
        )
    return Specials(int(ids["eos_token"]), ids["bos_token"], ids["unk_token"], ids["pad_token"])


def load_text_tokenizer(project: Any, summary: Any) -> TextTokenizer:
    """The project tokenizer ``summary`` (a ``TokenizerSummary``), ready to encode and decode."""
    path = project.absolute(summary.model_path)
    if not path.is_file():
        raise StudioError(f"the tokenizer file {path} is missing; train or import the tokenizer again")
    try:
        if summary.model_type == HF_MODEL_TYPE:
            return HFTokenizer(path)
        return SentencePieceTokenizer(path)
    except StudioError:
        raise
    except (RuntimeError, OSError, ValueError) as exc:  # a damaged file: one line, not a traceback
        reason = str(exc).splitlines()[0].split(":", 1)[0] if str(exc) else type(exc).__name__
        raise StudioError(f"the tokenizer file {path} is damaged ({reason.strip().lower()}); "
                          "train or import the tokenizer again") from exc


def _id_or_none(value: int) -> int | None:
    return int(value) if value >= 0 else None
