"""A sentencepiece model as a Hugging Face ``tokenizers`` tokenizer with the same ids.

Exported models carry a ``tokenizer.json`` so ``AutoTokenizer`` loads them without
sentencepiece or protobuf. The model file is a protobuf; the few fields needed (pieces
with score and type, the model type, byte fallback and the normaliser switches) are read
by a small reader here rather than with the protobuf package. The tokenizer mirrors
sentencepiece's pipeline: a dummy "▁" prefix and spaces as "▁" (the normaliser), user
symbols such as "\\n" kept whole, then BPE (merges rebuilt from the
pieces, best-scored merged piece first) or unigram (the pieces' scores), with byte
fallback when the model has it. Decoding turns "▁" back into spaces and drops the prefix.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmstudio.core.errors import StudioError

NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6
UNIGRAM, BPE, WORD, CHAR = 1, 2, 3, 4
SPACE = "\u2581"  # sentencepiece's visible space "▁"


@dataclass
class Piece:
    text: str
    score: float = 0.0
    kind: int = NORMAL


@dataclass
class SentencePieceModel:
    pieces: list[Piece] = field(default_factory=list)
    model_type: int = UNIGRAM
    byte_fallback: bool = False
    add_dummy_prefix: bool = True
    remove_extra_whitespaces: bool = True
    escape_whitespaces: bool = True
    normalization: str = ""

    def id_of(self, kind: int) -> int | None:
        return next((i for i, p in enumerate(self.pieces) if p.kind == kind), None)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> list[tuple[int, Any]]:
    """(field number, value) pairs of one protobuf message: ints, bytes, or raw 4/8 bytes."""
    out: list[tuple[int, Any]] = []
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            value, pos = data[pos : pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos : pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, value))
    return out


def read_sentencepiece(model_bytes: bytes) -> SentencePieceModel:
    """The parts of a sentencepiece ``ModelProto`` a tokenizer needs."""
    model = SentencePieceModel()
    try:
        for number, value in _fields(model_bytes):
            if number == 1:
                piece = Piece("")
                for n, v in _fields(value):
                    if n == 1:
                        piece.text = v.decode("utf-8")
                    elif n == 2:
                        piece.score = struct.unpack("<f", v)[0]
                    elif n == 3:
                        piece.kind = int(v)
                model.pieces.append(piece)
            elif number == 2:
                for n, v in _fields(value):
                    if n == 3:
                        model.model_type = int(v)
                    elif n == 35:
                        model.byte_fallback = bool(v)
            elif number == 3:
                for n, v in _fields(value):
                    if n == 1:
                        model.normalization = v.decode("utf-8")
                    elif n == 3:
                        model.add_dummy_prefix = bool(v)
                    elif n == 4:
                        model.remove_extra_whitespaces = bool(v)
                    elif n == 5:
                        model.escape_whitespaces = bool(v)
    except (IndexError, ValueError, UnicodeDecodeError, struct.error) as exc:
        raise StudioError(f"the sentencepiece model is damaged ({exc}); train or import the tokenizer again") from exc
    if not model.pieces:
        raise StudioError("the sentencepiece model has no pieces; train or import the tokenizer again")
    return model


def bpe_merges(model: SentencePieceModel) -> list[tuple[str, str]]:
    """Every split of a piece into two pieces, best-scored merged piece first."""
    vocab = {p.text: i for i, p in enumerate(model.pieces) if p.kind in (NORMAL, USER_DEFINED)}
    merges: list[tuple[float, int, int, int, str, str]] = []
    for merged, merged_id in vocab.items():
        for cut in range(1, len(merged)):
            left, right = merged[:cut], merged[cut:]
            if left in vocab and right in vocab:
                score = model.pieces[merged_id].score
                merges.append((-score, merged_id, vocab[left], vocab[right], left, right))
    merges.sort()
    return [(left, right) for *_, left, right in merges]


def to_hf_tokenizer(model_bytes: bytes) -> Any:
    """A ``tokenizers.Tokenizer`` that encodes and decodes like the sentencepiece model."""
    try:
        from tokenizers import (
            AddedToken,
            Regex,
            Tokenizer,
            decoders,
            models,
            normalizers,
        )
    except ImportError as exc:
        raise StudioError("exporting a tokenizer needs the 'tokenizers' package (pip install 'llmstudio[hf]')") from exc
    sp = read_sentencepiece(model_bytes)
    unk_id = sp.id_of(UNKNOWN)
    if sp.model_type == BPE:
        vocab = {p.text: i for i, p in enumerate(sp.pieces)}
        unk = sp.pieces[unk_id].text if unk_id is not None else None
        model: Any = models.BPE(vocab, bpe_merges(sp), unk_token=unk, fuse_unk=True, byte_fallback=sp.byte_fallback)
    elif sp.model_type in (UNIGRAM, CHAR):
        scores = [(p.text, p.score if p.kind in (NORMAL, BYTE) else 0.0) for p in sp.pieces]
        model = models.Unigram(scores, unk_id, sp.byte_fallback)
    else:
        raise StudioError("sentencepiece 'word' models cannot be exported; train a bpe, unigram or char tokenizer")
    tokenizer = Tokenizer(model)
    steps: list[Any] = []
    if "nfkc" in sp.normalization.lower():
        steps.append(normalizers.NFKC())
    if sp.remove_extra_whitespaces:
        steps += [normalizers.Strip(left=True, right=True), normalizers.Replace(Regex(" {2,}"), " ")]
    if sp.add_dummy_prefix:
        steps.append(normalizers.Prepend(SPACE))
    if sp.escape_whitespaces:
        steps.append(normalizers.Replace(" ", SPACE))
    if steps:
        tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.decoder = decoders.Sequence(
        [decoders.Replace(SPACE, " "), decoders.ByteFallback(), decoders.Fuse()]
        + ([decoders.Strip(content=" ", left=1, right=0)] if sp.add_dummy_prefix else [])
    )
    specials = [p.text for p in sp.pieces if p.kind in (CONTROL, UNKNOWN)]
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    # A one-character user symbol ("\n") is a vocabulary entry no merge touches, so the model
    # keeps it whole by itself; registering it as an added token would normalise it to "▁\n".
    user = [p.text for p in sp.pieces if p.kind == USER_DEFINED and len(p.text) > 1]
    tokenizer.add_tokens([AddedToken(t, special=False, normalized=False) for t in user])
    return tokenizer


def special_tokens(model_bytes: bytes) -> dict[str, str]:
    """The bos/eos/unk/pad pieces of a sentencepiece model, by Hugging Face's key names."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    names: dict[str, str] = {}
    for key, index in (("bos_token", processor.bos_id()), ("eos_token", processor.eos_id()),
                       ("unk_token", processor.unk_id()), ("pad_token", processor.pad_id())):
        if index >= 0:
            names[key] = processor.id_to_piece(index)
    return names


def convert_file(path: Path) -> Any:
    return to_hf_tokenizer(Path(path).read_bytes())
