"""Import a Hugging Face model (a local folder or a Hub id) as a project tokenizer and a run.

The folder is checked first (``hf_folder``), the weights are mapped to llmstudio's layout
(``layouts``) and checked against a shape-only model, the tokenizer is copied into the
project and the project's cleaned text is encoded with it (train, validation and test
token files, as a trained tokenizer has). The run is a language-model run at step 0 with
one checkpoint: it can be generated from, evaluated, exported, and trained further with
``llmstudio train DIR --from-run ID``. Every file is written under a temporary name and
the database rows are added last, in one transaction: a failed or cancelled import leaves
no half-made run or tokenizer.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.freshness import SPLIT_FINGERPRINT_KEY
from llmstudio.core.interop.hf_folder import FolderInfo, read_folder
from llmstudio.core.interop.layouts import from_hf, model_config_from_hf
from llmstudio.core.interop.run_weights import SOURCE_FOLDER
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project, utc_now
from llmstudio.core.text_tokenizer import (
    HF_MODEL_TYPE,
    SPECIALS_FILE,
    HFTokenizer,
    SentencePieceTokenizer,
    TextTokenizer,
    specials_from_config,
)
from llmstudio.core.tokenizer import TokenizerSettings, encode_shards, shard_dtype
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig

log = logging.getLogger(__name__)

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model")
SOURCE_FILES = ("config.json", "generation_config.json", "README.md")
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@dataclass(frozen=True)
class ImportResult:
    run_id: int
    tokenizer_id: int
    info: FolderInfo
    train_tokens: int

    def describe(self) -> str:
        return f"run {self.run_id}: {self.info.describe()}; {self.train_tokens:,} training tokens"


def resolve_source(source: str, progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
    """A local folder as it is, or a Hub id downloaded (cached, resumable) into the Hub cache."""
    path = Path(source).expanduser()
    if path.exists():
        return path
    if HUB_ID.match(source):
        from llmstudio.core.interop.hub import download

        return download(source, progress, cancel)
    raise StudioError(f"{source} is neither a folder nor a Hugging Face Hub id (owner/name)")


def import_model(
    project: Project,
    source: str,
    name: str = "",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import ``source`` (folder or Hub id) as a new tokenizer and run; returns their ids."""
    cancel = cancel or CancelToken()
    folder = resolve_source(str(source), progress, cancel)
    info = read_folder(folder)
    if not name:
        local = Path(source).expanduser()
        name = local.resolve().name if local.exists() else str(source).rstrip("/").split("/")[-1]
    progress(None, f"reading {info.describe()}")
    rows = info.embedding_rows
    tied = bool(info.config.get("tie_word_embeddings", info.model_type == "gpt2"))
    layout, model_config = model_config_from_hf(info.config, rows, tied)
    text = _open_tokenizer(info)
    if text.vocab_size > rows:
        raise StudioError(f"the tokenizer has {text.vocab_size:,} tokens but the embedding only {rows:,} rows; "
                          "the tokenizer does not belong to these weights")
    state = _load_state(info, model_config, layout)
    cancel.raise_if_cancelled()

    slug = re.sub(r"[^\w.-]+", "-", name).strip("-")[:40] or "model"
    stamp = utc_now().replace(":", "").replace("+00:00", "Z")
    tok_folder = project.root / "tokenizers" / f"imported-{slug}-{stamp}-{uuid.uuid4().hex[:6]}"
    run_tmp = project.root / "runs" / f".importing-{uuid.uuid4().hex}"
    try:
        tok_folder.mkdir(parents=True)
        tok_path = _copy_tokenizer(info, text, tok_folder)
        settings = TokenizerSettings()
        snapshot_id = project.latest_snapshot_id()
        shards = encode_shards(
            project, snapshot_id, text, tok_folder, settings.val_fraction, settings.test_fraction,
            _scaled(progress, 0.3, 0.9), cancel)
        train_tokens, val_tokens = shards.train_tokens, shards.val_tokens
        cancel.raise_if_cancelled()
        progress(0.92, "writing the checkpoint")
        config = RunConfig.from_dict({"model": model_config.to_dict(), "train": {}})
        _write_checkpoint(run_tmp, state, config, str(source), info)
        with transaction(project.db) as conn:
            cur = conn.execute(
                "INSERT INTO tokenizers(name, model_type, vocab_size, snapshot_id, model_path, train_path, "
                "val_path, dtype, train_tokens, val_tokens, settings_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (f"{name} tokenizer", HF_MODEL_TYPE if info.tokenizer_kind == "tokenizer.json" else _sp_type(tok_path),
                 text.vocab_size, snapshot_id, project.relative(tok_path), project.relative(tok_folder / "train.bin"),
                 project.relative(tok_folder / "val.bin"), np.dtype(shard_dtype(text.vocab_size)).name, train_tokens,
                 val_tokens, json.dumps({"imported_from": str(source), "val_fraction": settings.val_fraction,
                                         "test_fraction": settings.test_fraction,
                                         SPLIT_FINGERPRINT_KEY: shards.split_fingerprint}), utc_now()))
            tokenizer_id = int(cur.lastrowid or 0)
            cur = conn.execute(
                "INSERT INTO runs(name, kind, status, tokenizer_id, config_json, step, max_steps, message, created_at, "
                "finished_at) VALUES (?, 'lm', 'completed', ?, ?, 0, 0, ?, ?, ?)",
                (name, tokenizer_id, json.dumps(config.to_dict()), f"imported from {source} ({layout})",
                 utc_now(), utc_now()))
            run_id = int(cur.lastrowid or 0)
            conn.execute("UPDATE runs SET checkpoint_dir = ? WHERE id = ?", (f"runs/{run_id}", run_id))
            final = project.root / "runs" / str(run_id)
            if final.exists():
                raise StudioError(f"{final} already exists (left from a deleted run?); move it away and import again")
            os.replace(run_tmp, final)
    except BaseException:
        shutil.rmtree(tok_folder, ignore_errors=True)
        shutil.rmtree(run_tmp, ignore_errors=True)
        raise
    progress(1.0, f"imported {name} as run {run_id}")
    log.info("imported %s as run %d (tokenizer %d)", source, run_id, tokenizer_id)
    return ImportResult(run_id, tokenizer_id, info, train_tokens)


def _scaled(progress: Progress, start: float, end: float) -> Progress:
    """A sub-job's progress (0..1) reported as part of this job's (start..end)."""

    def report(fraction: float | None, message: str = "") -> None:
        progress(None if fraction is None else start + (end - start) * fraction, message)

    return report


def _open_tokenizer(info: FolderInfo) -> TextTokenizer:
    if info.tokenizer_kind == "tokenizer.json":
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise StudioError("importing a tokenizer.json needs the 'tokenizers' package "
                              "(pip install 'llmstudio[hf]')") from exc
        try:
            raw = Tokenizer.from_file(str(info.tokenizer_file))
        except Exception as exc:  # tokenizers raises plain Exceptions on bad files
            raise StudioError(f"{info.tokenizer_file} is not a readable tokenizer.json ({exc})") from exc
        return HFTokenizer(info.tokenizer_file, specials_from_config(raw, info.folder))
    return SentencePieceTokenizer(info.tokenizer_file)


def _sp_type(path: Path) -> str:
    from llmstudio.core.interop.sentencepiece_convert import BPE, CHAR, read_sentencepiece

    kind = read_sentencepiece(path.read_bytes()).model_type
    return {BPE: "bpe", CHAR: "char"}.get(kind, "unigram")


def _load_state(info: FolderInfo, config: ModelConfig, layout: str) -> dict[str, torch.Tensor]:
    tensors: dict[str, torch.Tensor] = {}
    for path in info.weight_files:
        tensors.update(load_file(str(path), device="cpu"))
    state = {name: tensor.float().contiguous() for name, tensor in from_hf(tensors, config, layout).items()}
    with torch.device("meta"):  # shapes only: no memory, no initialisation
        expected = {name: tuple(t.shape) for name, t in GPT(config).state_dict().items()}
    for name, shape in expected.items():
        if name == "head.weight" and config.tie_embeddings:
            continue
        if name not in state or tuple(state[name].shape) != shape:
            found = tuple(state[name].shape) if name in state else "nothing"
            raise StudioError(f"the weights do not match config.json: {name} should be {shape}, found {found}")
    return state


def _copy_tokenizer(info: FolderInfo, text: TextTokenizer, folder: Path) -> Path:
    for name in TOKENIZER_FILES:
        if (info.folder / name).is_file():
            shutil.copyfile(info.folder / name, folder / name)
    if isinstance(text, HFTokenizer):
        write_text_atomic(folder / SPECIALS_FILE, text.specials.to_json())
        return folder / "tokenizer.json"
    return folder / "tokenizer.model"


def _write_checkpoint(run_dir: Path, state: dict[str, torch.Tensor], config: RunConfig, source: str,
                      info: FolderInfo) -> None:
    step_dir = run_dir / "step-0000000"
    step_dir.mkdir(parents=True)
    save_file(state, str(step_dir / "model.safetensors"))
    meta = {"step": 0, "config": config.to_dict(), "imported_from": source, "architecture": info.architecture}
    (step_dir / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (run_dir / ckpt.LATEST).write_text(json.dumps({"folder": step_dir.name, "step": 0}), encoding="utf-8")
    source_dir = run_dir / SOURCE_FOLDER
    source_dir.mkdir()
    for name in SOURCE_FILES:
        if (info.folder / name).is_file():
            shutil.copyfile(info.folder / name, source_dir / name)
    if info.licence is not None:
        shutil.copyfile(info.licence, source_dir / info.licence.name)

