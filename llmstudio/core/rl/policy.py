"""Policy runs (run kind ``policy``): GRPO from a reward, or DPO from preference pairs.

    result = train_policy(project, start_run_id, "grpo", reward="classifier:3:positive",
                          overrides=["rl.kl_coef=0.1"], on_event=..., progress=..., cancel=...)
    result = train_policy(project, start_run_id, "dpo", pairs="prefs")          # a pairwise schema
    result = train_policy(project, None, "grpo", resume_run_id=7)               # continue run 7

A new run is checked completely before anything is written: the starting language-model run
(one trained here or imported from Hugging Face) and its checkpoint, the reward (a classifier
label that exists, a rule file that parses), the pairs, the settings and enough document
beginnings for the held-out prompts. Then the run is added in state 'created' with its
prompts, pairs and settings in its folder, and trained under its run lock (``PolicyLoop``).
Readers of a run's results without torch live in ``core.rl.store`` (re-exported here).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.loading import LoadedRun, load_run
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.rl.config import PolicyRunConfig, PolicySpec, RLConfig
from llmstudio.core.rl.loop import PolicyLoop, PolicyResult, Prepared
from llmstudio.core.rl.pairs_data import (
    cached_reference_logprobs,
    check_pairs,
    encode_pairs,
    load_saved_pairs,
    save_pairs,
    schema_pairs,
)
from llmstudio.core.rl.prompts import choose_prompts, load_prompts, save_prompts
from llmstudio.core.rl.rewards import load_reward, parse_reward
from llmstudio.core.rl.session import PolicySession
from llmstudio.core.rl.store import PolicyState, frontier, policy_samples, policy_state, write_state
from llmstudio.core.runs import (
    RunSummary,
    acquire_run_lock,
    add_run,
    get_run,
    kind_phrase,
    run_config,
    run_folder,
    set_run_config,
)
from llmstudio.core.training.device import default_threads

log = logging.getLogger(__name__)

__all__ = ["PolicyResult", "frontier", "policy_samples", "policy_state", "train_policy"]


def _start_run(project: Project, run_id: int) -> RunSummary:
    run = get_run(project, run_id)
    if run.kind != "lm":
        raise StudioError(f"run {run_id} is {kind_phrase(run.kind)}; a policy starts from a language-model run "
                          "(pass --run with the id of one: 'llmstudio info DIR' lists them)")
    return run


def _load_models(project: Project, start: RunSummary, device: str) -> tuple[LoadedRun, LoadedRun]:
    """The starting run loaded twice: the policy (trained) and the frozen reference."""
    policy = load_run(project, start.id, "latest", device)
    reference = load_run(project, start.id, "latest", device)
    return policy, reference


def _check_lengths(config: RLConfig, context: int) -> None:
    if config.prompt_tokens + config.max_new_tokens > context:
        raise StudioError(
            f"rl.prompt_tokens ({config.prompt_tokens}) + rl.max_new_tokens ({config.max_new_tokens}) is longer than "
            f"the model's context of {context} tokens; lower one of them")


def _prepare(project: Project, spec: PolicySpec, config: RLConfig, device: str,
             pairs: Sequence[Any] | None, folder: Path | None) -> Prepared:
    """Load and check everything; ``folder`` is a resumed run's (its prompts and pairs)."""
    start = _start_run(project, spec.start_run)
    if spec.algo == "grpo" and not spec.reward:
        raise StudioError("GRPO learns from a reward: pass --reward classifier:RUN_ID:LABEL, reward:RUN_ID or "
                          "rule:FILE.toml")
    reward = load_reward(project, parse_reward(spec.reward), device) if spec.reward else None
    triples: list[tuple[str, str, str]] = []
    if spec.algo == "dpo":
        if folder is not None:
            triples = load_saved_pairs(folder)
        elif pairs is not None:
            triples = check_pairs(pairs)
        elif spec.pairs:
            triples = check_pairs(schema_pairs(project, spec.pairs))
        else:
            raise StudioError("DPO learns from preference pairs: pass --pairs SCHEMA (a pairwise label schema)")
    policy, reference = _load_models(project, start, device)
    context = policy.model.config.context_length
    _check_lengths(config, context)
    prompts = (load_prompts(project, policy.processor, folder, config) if folder is not None
               else choose_prompts(project, policy.processor, config))
    encoded = encode_pairs(policy.processor, triples, context) if triples else []
    return Prepared(spec, config, start, policy, reference, reward, prompts, triples, encoded)


def _create(project: Project, prepared: Prepared, name: str) -> tuple[int, Path]:
    config = PolicyRunConfig(prepared.spec, prepared.config)
    spec = prepared.spec
    run_id = add_run(project, "policy", config.to_dict(), max_steps=prepared.config.max_steps,
                     tokenizer_id=prepared.start.tokenizer_id, parent_run_id=prepared.start.id,
                     name=name or f"{spec.algo.upper()} from run {spec.start_run}")
    folder = run_folder(project, get_run(project, run_id))
    try:
        save_prompts(folder, prepared.prompts)
        if prepared.pairs:
            save_pairs(folder, prepared.pairs)
        write_state(folder, PolicyState(reward_name=spec.reward))
    except BaseException as exc:  # no half-made run: the row and the folder go again
        shutil.rmtree(folder, ignore_errors=True)
        with transaction(project.db) as conn:
            conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        if isinstance(exc, OSError):
            raise StudioError(f"cannot write the run folder {folder}: {exc}") from exc
        raise
    return run_id, folder


@declares(Changed.RUNS)
def train_policy(project: Project, start_run_id: int | None, algo: str, *, reward: str | None = None,
                 pairs: str | Sequence[Any] | None = None, overrides: Sequence[str] | None = None,
                 device: str = "auto", resume_run_id: int | None = None,
                 on_event: Callable[[object], None] | None = None, progress: Progress = no_progress,
                 cancel: CancelToken | None = None, name: str = "") -> PolicyResult:
    """Create (or resume) a policy run and train it; see the module docstring.

    ``pairs`` is a pairwise label schema's name or the (prompt, chosen, rejected) triples
    themselves. On resume the run's stored algorithm, start run, reward and pairs are used
    (``start_run_id``, ``algo``, ``reward`` must agree when given) and ``overrides`` change
    its settings (e.g. ``rl.lr`` after a divergence, ``rl.max_steps`` to train longer).
    """
    cancel = cancel or CancelToken()
    overrides = list(overrides or [])
    if resume_run_id is not None:
        run = get_run(project, resume_run_id)
        if run.kind != "policy":
            raise StudioError(f"run {resume_run_id} is {kind_phrase(run.kind)}, not a policy run; --resume takes a policy "
                              "run's id")
        stored = PolicyRunConfig.from_dict(run_config(project, resume_run_id))
        spec = stored.policy
        _agree(spec, start_run_id, algo, reward)
        config = stored.rl.with_overrides(overrides)
        folder = run_folder(project, run)
        lock = acquire_run_lock(project, run)
        try:
            prepared = _prepare(project, spec, config, device, None, folder)
            set_run_config(project, run.id, PolicyRunConfig(spec, config).to_dict(), max_steps=config.max_steps)
            return _train(project, run.id, folder, prepared, on_event, progress, cancel, PolicyLoop)
        finally:
            lock.release()
    if start_run_id is None:
        raise StudioError("a policy run starts from a language-model run: pass --run ID")
    pairs_name = pairs if isinstance(pairs, str) else ""
    spec = PolicySpec(algo, int(start_run_id), reward or "", pairs_name)
    config = RLConfig().with_overrides(overrides)
    given = None if isinstance(pairs, str) else pairs
    prepared = _prepare(project, spec, config, device, given, None)
    run_id, folder = _create(project, prepared, name)
    lock = acquire_run_lock(project, run_id)
    try:
        return _train(project, run_id, folder, prepared, on_event, progress, cancel, PolicyLoop)
    finally:
        lock.release()


def _agree(spec: PolicySpec, start_run_id: int | None, algo: str | None, reward: str | None) -> None:
    if start_run_id is not None and start_run_id != spec.start_run:
        raise StudioError(f"the policy run started from run {spec.start_run}, not {start_run_id}; leave --run out "
                          "when resuming")
    if algo and algo != spec.algo:
        raise StudioError(f"the policy run trains with {spec.algo}, not {algo}; leave --algo out when resuming")
    if reward and reward != spec.reward:
        raise StudioError(f"the policy run's reward is {spec.reward or 'none'}, not {reward}; leave --reward out "
                          "when resuming")


def _train(project: Project, run_id: int, folder: Path, prepared: Prepared,
           on_event: Callable[[object], None] | None, progress: Progress, cancel: CancelToken,
           loop_type: Any) -> PolicyResult:
    device = prepared.policy.device
    if device.type == "cpu":
        torch.set_num_threads(prepared.config.threads or default_threads(False))
    session = PolicySession(prepared.policy.model, prepared.reference.model, prepared.policy.processor,
                            prepared.config, device, prepared.reward)
    ref_chosen = ref_rejected = None
    if prepared.encoded:
        progress(None, "computing the reference model's log-probabilities of the pairs (once)")
        key = f"run {prepared.start.id} step {prepared.reference.checkpoint.step}"
        ref_chosen, ref_rejected = cached_reference_logprobs(folder, prepared.reference.model, prepared.encoded, key)
    loop = loop_type(project, run_id, folder, prepared, session, on_event or (lambda event: None), progress, cancel,
                     ref_chosen, ref_rejected)
    return loop.run()
