"""Training a sentencepiece tokenizer on a snapshot, and encoding it into token shards.

The tokenizer trains on the documents a cleaning snapshot kept (the latest by default).
Each document is then encoded, followed by an end-of-document token, into three flat numpy
files (train, validation and test) that the trainer and the evaluation memory-map.
A document the project's train / validation / test split (``llmstudio split``) assigned
goes to the same part here, so a language model never trains on a document a classifier
fine-tuned from it is tested on; the rest go to validation or test by a stable hash of
their id, so the splits do not change when the tokenizer does. The test split is never
looked at during training.
Tokenizers made before test splits existed have no ``test.bin``; evaluating on their test
split says to train the tokenizer again.
Every file is written under a temporary name and renamed into place only when complete,
and the database row is added last: a failure or cancel leaves no half-made tokenizer.
A run killed outright cannot clean up after itself, so the folder carries a ``.building``
marker until its row is committed, and the run holds a liveness lock on it: the next
tokenizer run (or ``llmstudio check``) deletes marked folders whose lock nobody holds.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import sentencepiece as spm

from llmstudio.core.atomic import replace_file_atomic, write_bytes_atomic
from llmstudio.core.changes import Changed, declares
from llmstudio.core.cleaning.pipeline import iter_kept_texts
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.freshness import SPLIT_FINGERPRINT_KEY, fingerprint_of, split_rows
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.locks import ProcessLock, clear_stale_locks, lock_path
from llmstudio.core.project import Project, TokenizerSummary, utc_now
from llmstudio.core.text_tokenizer import SentencePieceTokenizer, TextTokenizer

log = logging.getLogger(__name__)

MODEL_TYPES = ("bpe", "unigram", "char")
BUILDING_MARKER = ".building"
MAX_TRAINING_SENTENCES = 2_000_000
UNK_ID, BOS_ID, EOS_ID = 0, 1, 2
BYTE_FALLBACK_MIN_VOCAB = 2000
TEST_FILE = "test.bin"


@dataclass(frozen=True)
class TokenizerSettings:
    vocab_size: int = 2000
    model_type: str = "bpe"
    character_coverage: float = 0.9995
    val_fraction: float = 0.1
    name: str = ""
    test_fraction: float = 0.05

    def __post_init__(self) -> None:
        if self.model_type not in MODEL_TYPES:
            raise StudioError(f"tokenizer model type must be one of {', '.join(MODEL_TYPES)}, not {self.model_type!r}")
        if self.model_type != "char" and not 8 <= self.vocab_size <= 1_000_000:
            raise StudioError(f"vocab size must be between 8 and 1,000,000, not {self.vocab_size}")
        if not 0.0 < self.val_fraction < 0.5:
            raise StudioError(f"the validation fraction must be between 0 and 0.5, not {self.val_fraction}")
        if not 0.0 <= self.test_fraction < 0.5 or self.val_fraction + self.test_fraction >= 0.5:
            raise StudioError(f"the test fraction must be at least 0 and, with the validation fraction, "
                              f"below 0.5, not {self.test_fraction}")
        if not 0.9 <= self.character_coverage <= 1.0:
            raise StudioError("character coverage must be between 0.9 and 1.0")


@declares(Changed.TOKENIZERS)
def train_tokenizer(
    project: Project,
    settings: TokenizerSettings = TokenizerSettings(),
    snapshot_id: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> TokenizerSummary:
    cancel = cancel or CancelToken()
    snapshot_id = snapshot_id or project.latest_snapshot_id()
    if snapshot_id is None:
        raise StudioError("there is no cleaned dataset yet; run Clean first (or 'llmstudio clean DIR')")
    if project.kept_document_count(snapshot_id) == 0:
        raise StudioError("the cleaned dataset is empty: every document was removed; import more text or relax the recipe")

    progress(None, "training the tokenizer")
    model_bytes = _train_model(project, snapshot_id, settings, cancel)
    cancel.raise_if_cancelled()
    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    vocab_size = processor.get_piece_size()

    recover_interrupted_tokenizers(project)
    stamp = utc_now().replace(":", "").replace("+0000", "Z").replace("+00:00", "Z")
    folder = project.root / "tokenizers" / f"{settings.model_type}-{vocab_size}-{stamp}"
    suffix = 1
    while True:
        building = ProcessLock(lock_path(project.root, "tokenizer", folder.name))
        if not folder.exists() and building.try_acquire():
            break
        suffix += 1
        folder = folder.with_name(f"{settings.model_type}-{vocab_size}-{stamp}-{suffix}")
    try:
        folder.mkdir(parents=True)
        (folder / BUILDING_MARKER).touch()
        write_bytes_atomic(folder / "tokenizer.model", model_bytes)
        dtype = shard_dtype(vocab_size)
        shards = encode_shards(
            project, snapshot_id, SentencePieceTokenizer(folder / "tokenizer.model"), folder,
            settings.val_fraction, settings.test_fraction, progress, cancel)
        train_tokens, val_tokens = shards.train_tokens, shards.val_tokens
        name = settings.name or f"{settings.model_type} {vocab_size}"
        with transaction(project.db) as conn:
            cur = conn.execute(
                "INSERT INTO tokenizers(name, model_type, vocab_size, snapshot_id, model_path, train_path, "
                "val_path, dtype, train_tokens, val_tokens, settings_json, created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    name,
                    settings.model_type,
                    vocab_size,
                    snapshot_id,
                    project.relative(folder / "tokenizer.model"),
                    project.relative(folder / "train.bin"),
                    project.relative(folder / "val.bin"),
                    np.dtype(dtype).name,
                    train_tokens,
                    val_tokens,
                    json.dumps({**asdict(settings), SPLIT_FINGERPRINT_KEY: shards.split_fingerprint}),
                    utc_now(),
                ),
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    else:  # the row is committed: from here on the folder is the tokenizer's, whatever happens
        (folder / BUILDING_MARKER).unlink(missing_ok=True)
    finally:
        building.release()
    progress(1.0, f"tokenizer ready: {vocab_size} tokens, {train_tokens:,} train / {val_tokens:,} val tokens")
    return project.tokenizer(int(cur.lastrowid or 0))


def recover_interrupted_tokenizers(project: Project) -> list[str]:
    """Delete the half-made folders of tokenizer runs that died; returns their names.

    Only folders carrying the ``.building`` marker are touched, and only when no live run
    holds their lock; a folder whose row was committed just before the kill keeps its files.
    """
    parent = project.root / "tokenizers"
    if not parent.is_dir():
        clear_stale_locks(project.root, "tokenizer")
        return []
    referenced = {Path(t.model_path).parent.name for t in project.tokenizers()}
    removed = []
    for folder in sorted(parent.iterdir()):
        if not (folder / BUILDING_MARKER).exists():
            continue
        lock = ProcessLock(lock_path(project.root, "tokenizer", folder.name))
        if not lock.try_acquire():
            continue  # a live run is building it
        try:
            if folder.name in referenced:
                (folder / BUILDING_MARKER).unlink(missing_ok=True)
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
            log.warning("removed the unfinished tokenizer folder %s of a run that was interrupted", folder.name)
        finally:
            lock.release()
    clear_stale_locks(project.root, "tokenizer")  # killed before its folder, or after its row
    return removed


def _training_sentences(project: Project, snapshot_id: int, cancel: CancelToken) -> Iterator[str]:
    count = 0
    for _, text in iter_kept_texts(project, snapshot_id):
        cancel.raise_if_cancelled()
        for line in text.split("\n"):
            line = line.strip()
            if line:
                yield line
                count += 1
                if count >= MAX_TRAINING_SENTENCES:
                    return


def _train_model(project: Project, snapshot_id: int, settings: TokenizerSettings, cancel: CancelToken) -> bytes:
    sentences = list(_training_sentences(project, snapshot_id, cancel))
    if not sentences:
        raise StudioError("the cleaned dataset has no text to train a tokenizer on")
    options: dict[str, object] = dict(
        model_type=settings.model_type,
        character_coverage=1.0 if settings.model_type == "char" else settings.character_coverage,
        unk_id=UNK_ID,
        bos_id=BOS_ID,
        eos_id=EOS_ID,
        pad_id=-1,
        hard_vocab_limit=False,
        # The cleaning step already normalised the text; keep it as it is, line breaks included,
        # so that a trained model writes paragraphs rather than one endless line.
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        user_defined_symbols=["\n"],
        max_sentence_length=1 << 16,
        num_threads=2,
        minloglevel=2,
    )
    if settings.model_type == "char":
        options["vocab_size"] = len({ch for s in sentences for ch in s}) + 4
        options["use_all_vocab"] = True
    else:
        options["vocab_size"] = settings.vocab_size
        # Byte fallback spells any unseen character in UTF-8 bytes instead of <unk>; it costs
        # 256 vocabulary entries, so only for vocabularies that can afford them.
        options["byte_fallback"] = settings.vocab_size >= BYTE_FALLBACK_MIN_VOCAB
    model = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(sentence_iterator=iter(sentences), model_writer=model, **options)  # type: ignore[arg-type]
    except RuntimeError as exc:
        raise StudioError(f"sentencepiece could not train on this text: {exc}") from exc
    return model.getvalue()


def _split_of(document_id: int, val_fraction: float, test_fraction: float) -> str:
    """train, val or test, by a stable hash of the document id (the val split predates test)."""
    digest = hashlib.blake2b(str(document_id).encode(), digest_size=8).digest()
    position = int.from_bytes(digest, "little") / 2**64
    if position < val_fraction:
        return "val"
    return "test" if position < val_fraction + test_fraction else "train"


SPLITS = ("train", "validation", "test")


def split_path(tokenizer: TokenizerSummary, split: str) -> str:
    """A split's token file, relative to the project folder (test sits beside validation)."""
    if split not in SPLITS:
        raise StudioError(f"the split must be one of {', '.join(SPLITS)}, not {split!r}")
    if split == "train":
        return tokenizer.train_path
    if split == "validation":
        return tokenizer.val_path
    return Path(tokenizer.val_path).with_name(TEST_FILE).as_posix()


def shard_dtype(vocab_size: int) -> type:
    return np.uint16 if vocab_size <= 65535 else np.uint32


def encode_shards(
    project: Project,
    snapshot_id: int | None,
    tokenizer: TextTokenizer,
    folder: Path,
    val_fraction: float,
    test_fraction: float,
    progress: Progress,
    cancel: CancelToken,
) -> EncodedShards:
    """Encode a snapshot's kept documents (none when ``snapshot_id`` is None) into the train,
    validation and test files in ``folder``, each document followed by the tokenizer's
    end-of-text id; returns the train and validation token counts and the split followed."""
    dtype = shard_dtype(tokenizer.vocab_size)
    total = project.kept_document_count(snapshot_id) if snapshot_id is not None else 0
    texts = iter_kept_texts(project, snapshot_id) if snapshot_id is not None else iter(())
    names = {"train": "train.bin", "val": "val.bin", "test": TEST_FILE}
    tmp = {split: folder / f"{name}.tmp" for split, name in names.items()}
    counts = {"train": 0, "val": 0, "test": 0}
    rows = split_rows(project)  # one reading: the shards follow exactly the split the fingerprint names
    assigned, fingerprint = stored_splits(rows), fingerprint_of(rows)
    files = {split: open(path, "wb") for split, path in tmp.items()}  # noqa: SIM115 (closed below)
    try:
        for index, (doc_id, text) in enumerate(texts):
            cancel.raise_if_cancelled()
            if index % 64 == 0:
                progress(index / max(total, 1), f"encoding document {index + 1:,} of {total:,}")
            ids = tokenizer.encode(text)
            ids.append(tokenizer.eos_id)
            split = assigned.get(doc_id) or _split_of(doc_id, val_fraction, test_fraction)
            _write_tokens(np.asarray(ids, dtype=dtype), files[split])
            counts[split] += len(ids)
    finally:
        for handle in files.values():
            handle.close()
    cancel.raise_if_cancelled()
    if counts["val"] == 0 or counts["train"] == 0 or (test_fraction > 0 and counts["test"] == 0):
        counts = _split_tail(tmp, dtype, val_fraction, test_fraction)
    for split, name in names.items():
        replace_file_atomic(tmp[split], folder / name)
    return EncodedShards(counts["train"], counts["val"], fingerprint)


def stored_splits(rows: list[tuple[int, str]]) -> dict[int, str]:
    """The shard (train, val or test) of each document the project's split (``split_rows``) assigned."""
    shard = {"train": "train", "validation": "val", "test": "test"}
    return {doc_id: shard[split] for doc_id, split in rows if split in shard}


@dataclass(frozen=True)
class EncodedShards:
    train_tokens: int
    val_tokens: int
    split_fingerprint: str  # the split the shards followed (``freshness.split_fingerprint``)


def _write_tokens(tokens: np.ndarray, handle: BinaryIO) -> None:
    """``handle.write`` raises the OS error (disk full: ENOSPC) that ``ndarray.tofile`` hides."""
    handle.write(tokens.tobytes())


def _split_tail(tmp: dict[str, Path], dtype: type, val_fraction: float, test_fraction: float) -> dict[str, int]:
    """Too few documents for a split by document: hold out the last tokens instead
    (validation, then test, at the end)."""
    tokens = np.concatenate([np.fromfile(tmp[split], dtype=dtype) for split in ("train", "val", "test")])
    train_end = int(len(tokens) * (1 - val_fraction - test_fraction))
    val_end = int(len(tokens) * (1 - test_fraction))
    for split, part in (("train", tokens[:train_end]), ("val", tokens[train_end:val_end]), ("test", tokens[val_end:])):
        with open(tmp[split], "wb") as handle:
            _write_tokens(part, handle)
    return {"train": train_end, "val": val_end - train_end, "test": len(tokens) - val_end}


def load_processor(project: Project, tokenizer: TokenizerSummary) -> spm.SentencePieceProcessor:
    path = project.absolute(tokenizer.model_path, f"tokenizer {tokenizer.id}'s model file")
    if not path.is_file():
        raise StudioError(f"the tokenizer file {path} is missing; train the tokenizer again")
    try:
        return spm.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError) as exc:
        reason = str(exc).splitlines()[0].split(":", 1)[0] if str(exc) else type(exc).__name__
        raise StudioError(f"the tokenizer file {path} is damaged ({reason.strip().lower()}); "
                          "train the tokenizer again") from exc
