"""Controlled sentiment generation, reproduced small (issue #13's Done when): a language model of
movie-review snippets learns to write positive snippets, rewarded by a sentiment classifier
trained on the same project's labels; the reward-vs-KL frontier over kl_coef (GRPO) and beta
(DPO on pairs the classifier labelled).

    .venv/bin/python tests/benchmarks/bench_rl_frontier.py
    .venv/bin/python tests/benchmarks/bench_rl_frontier.py --kl-coefs 0.02,0.1,0.3 --betas 0.1,0.3,1.0 --device cpu --keep /tmp/rl

The corpus is VADER's movie-review snippets (``classify_corpora.fetch_movies``: 10,605 Rotten
Tomatoes snippets, pos/neg by their human rating), relabelled ``positive``/``negative``. What
a user runs: ``new``, ``import --label-field label``, ``clean --recipe Minimal``, ``tokenizer``,
``split``, ``train`` (a small language model), ``classify train`` (the reward), then
``rl --algo grpo --reward classifier:ID:positive --json`` once per kl_coef. DPO pairs are two
samples of the reference per training prompt, the one the classifier scores higher chosen;
they are imported as a pairwise schema (``pairs import --schema sentiment-pairs``) and
``rl --algo dpo --pairs sentiment-pairs --reward classifier:ID:positive --json`` runs once per
beta (the reward only scores the held-out prompts). Prints every evaluation point and one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify_corpora import fetch_movies  # noqa: E402

from llmstudio.cli import main  # noqa: E402
from llmstudio.core.project import Project  # noqa: E402
from llmstudio.core.rl.store import frontier  # noqa: E402
from llmstudio.core.runs import get_run, list_runs  # noqa: E402

LM = ["model.n_layer=2", "model.n_head=4", "model.d_model=96", "model.context_length=64", "train.batch_size=32",
      "train.lr=0.002", "train.min_lr=0.0002", "train.warmup_steps=40", "train.eval_interval=200",
      "train.checkpoint_interval=1000", "train.early_stop_patience=0"]
CLASSIFIER = ["model.n_layer=1", "model.n_head=2", "model.d_model=64", "classify.max_length=48", "classify.epochs=2",
              "classify.predict_all=false"]
RL = ["rl.prompt_tokens=4", "rl.max_new_tokens=20", "rl.group_size=8", "rl.prompts_per_step=8", "rl.eval_prompts=64",
      "rl.eval_samples=2", "rl.eval_every=25", "rl.sample_every=50", "rl.checkpoint_every=50", "rl.lr=0.0005"]


def cli(*args: str, allow_failed: bool = False) -> str:
    """Run one llmstudio command; returns its stdout. ``allow_failed``: a policy run that diverged
    (exit 1 after its --json line) is a result too."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(list(args))
    if code != 0 and not (allow_failed and code == 1 and buffer.getvalue().strip().endswith("}")):
        raise SystemExit(f"llmstudio {' '.join(args)} exited {code}:\n{buffer.getvalue()}")
    return buffer.getvalue()


def outcome(folder: Path, run_id: int) -> str:
    with Project.open(folder) as project:
        run = get_run(project, run_id)
    return run.status if run.status == "completed" else f"{run.status}: {run.message}"


def sets(items: list[str]) -> list[str]:
    return [a for s in items for a in ("--set", s)]


def relabel(source: Path, out: Path) -> Path:
    names = {"pos": "positive", "neg": "negative"}
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    out.write_text("".join(json.dumps({"text": r["text"], "label": names[r["label"]]}) + "\n" for r in rows),
                   encoding="utf-8")
    return out


def classifier_pairs(folder: Path, lm: int, classifier: int, rl_sets: list[str], n: int) -> list[tuple[str, str, str]]:
    """Two reference samples per training prompt; the classifier's higher-scored one is chosen."""
    import torch

    from llmstudio.core.evaluation.loading import load_run
    from llmstudio.core.project import Project
    from llmstudio.core.rl.config import RLConfig
    from llmstudio.core.rl.prompts import choose_prompts
    from llmstudio.core.rl.rewards import load_reward
    from llmstudio.core.rl.sampling import completion_text, sample_completions

    config = RLConfig().with_overrides(rl_sets)
    with Project.open(folder) as project:
        loaded = load_run(project, lm, device="cpu")
        reward = load_reward(project, f"classifier:{classifier}:positive", "cpu")
        train = choose_prompts(project, loaded.processor, config).train[:n]  # never the held-out prompts
        ids = [p.ids for p in train for _ in range(2)]
        tokens = sample_completions(loaded.model, ids, config.max_new_tokens, 1.0, loaded.processor.eos_id,
                                    torch.Generator().manual_seed(99))
        texts = [completion_text(loaded.processor, i, t, loaded.processor.eos_id) for i, t in zip(ids, tokens,
                                                                                                 strict=True)]
        scores = reward(texts)
    pairs = []
    for k, prompt in enumerate(train):
        a, b = texts[2 * k], texts[2 * k + 1]
        sa, sb = scores[2 * k], scores[2 * k + 1]
        if a.strip() and b.strip() and a.strip() != b.strip() and abs(sa - sb) >= 0.1:
            pairs.append((prompt.text, a, b) if sa > sb else (prompt.text, b, a))
    return pairs


def report(label: str, result: dict, seconds: float, points: list[tuple[int, float, float]]) -> dict:
    print(f"{label}: reward {result['reward_start']:.3f} -> {result['reward_end']:.3f}, KL {result['kl_end']:.2f} "
          f"nats, {result['steps']} steps, {seconds:.0f} s, {result['status']}")
    for step, kl, reward in points:
        print(f"    step {step:>4}  KL {kl:7.3f}  reward {reward:.3f}")
    return {**result, "label": label, "seconds": round(seconds, 1),
            "frontier": [[s, round(k, 4), round(r, 4)] for s, k, r in points]}


def build(folder: Path, labelled: Path, args: argparse.Namespace) -> int:
    """The project, its language-model run 1 and the reward classifier; returns the classifier's run id."""
    started = time.perf_counter()
    cli("new", str(folder))
    cli("import", str(folder), str(labelled), "--label-field", "label", "-q")
    cli("clean", str(folder), "--recipe", "Minimal")
    cli("tokenizer", str(folder), "--vocab-size", str(args.vocab_size))
    cli("split", str(folder), "--schema", "label", "--ratios", "0.8,0.1,0.1", "--seed", "0", "-q")
    cli("train", str(folder), "--max-steps", str(args.lm_steps), "--device", args.device, *sets(LM))
    lm_done = time.perf_counter()
    trained = json.loads(cli("classify", "train", str(folder), "--schema", "label", "--device", args.device,
                             "--json", *sets(CLASSIFIER)).strip().splitlines()[-1])
    print(f"language model run 1 ({args.lm_steps} steps, {lm_done - started:.0f} s with the import); "
          f"classifier run {trained['run_id']}: test macro-F1 {trained['test']['macro_f1']:.3f} "
          f"({time.perf_counter() - lm_done:.0f} s)")
    return int(trained["run_id"])


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder to keep the downloaded corpus in (default: temporary)")
    parser.add_argument("--keep", help="build the project here and keep it (default: temporary)")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--vocab-size", type=int, default=2000)
    parser.add_argument("--lm-steps", type=int, default=800)
    parser.add_argument("--steps", type=int, default=200, help="GRPO steps per run")
    parser.add_argument("--dpo-steps", type=int, default=300, help="DPO steps per run")
    parser.add_argument("--kl-coefs", default="0.02,0.1,0.3")
    parser.add_argument("--betas", default="0.1,0.3,1.0")
    parser.add_argument("--pairs", type=int, default=600, help="training prompts to make DPO pairs from")
    parser.add_argument("--set", action="append", default=[], help="rl.* overrides for every policy run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = fetch_movies(Path(args.data or tmp) / "movies")
        folder = Path(args.keep or tmp) / "project"
        labelled = relabel(data, Path(tmp) / "movies-labelled.jsonl")
        started = time.perf_counter()
        if (folder / "project.sqlite").is_file():  # --keep of an earlier run: its LM run 1 and classifier
            with Project.open(folder) as project:
                classifier = list_runs(project, "classifier")[-1].id
            print(f"reusing {folder}: language-model run 1, classifier run {classifier}")
        else:
            classifier = build(folder, labelled, args)
        reward = f"classifier:{classifier}:positive"
        runs = []

        def points(run_id: int) -> list[tuple[int, float, float]]:
            with Project.open(folder) as project:
                return [(step, kl, r) for _, step, kl, r in frontier(project, [run_id])]

        for kl_coef in [float(x) for x in args.kl_coefs.split(",") if x]:
            t0 = time.perf_counter()
            out = cli("rl", str(folder), "--run", "1", "--algo", "grpo", "--reward", reward, "--device", args.device,
                      "--json", *sets([*RL, *args.set, f"rl.max_steps={args.steps}", f"rl.kl_coef={kl_coef}"]),
                      allow_failed=True)
            result = json.loads(out.strip().splitlines()[-1])
            result["status"] = outcome(folder, result["run_id"])
            runs.append(report(f"GRPO kl_coef={kl_coef:g}", result, time.perf_counter() - t0,
                               points(result["run_id"])))
        t0 = time.perf_counter()
        pairs = classifier_pairs(folder, 1, classifier, RL, args.pairs)
        print(f"{len(pairs)} DPO pairs from {args.pairs} training prompts ({time.perf_counter() - t0:.0f} s)")
        jsonl = Path(tmp) / "sentiment-pairs.jsonl"
        jsonl.write_text("".join(json.dumps({"prompt": p, "chosen": c, "rejected": r}) + "\n" for p, c, r in pairs),
                         encoding="utf-8")
        cli("pairs", str(folder), "import", str(jsonl), "--schema", "sentiment-pairs")
        for beta in [float(x) for x in args.betas.split(",") if x]:
            t0 = time.perf_counter()
            out = cli("rl", str(folder), "--run", "1", "--algo", "dpo", "--pairs", "sentiment-pairs", "--reward", reward,
                      "--device", args.device, "--json",
                      *sets([*RL, *args.set, f"rl.max_steps={args.dpo_steps}", f"rl.beta={beta}", "rl.prompts_per_step=16"]),
                      allow_failed=True)
            result = json.loads(out.strip().splitlines()[-1])
            result["status"] = outcome(folder, result["run_id"])
            runs.append(report(f"DPO beta={beta:g}", result, time.perf_counter() - t0, points(result["run_id"])))
        grpo = [r for r in runs if r["algo"] == "grpo" and r["status"] == "completed"]
        good = [r for r in grpo if r["reward_end"] >= 0.9]  # the bar; of those, the one closest to the reference
        best = min(good, key=lambda r: r["kl_end"]) if good else max(grpo, key=lambda r: r["reward_end"])
        print(json.dumps({"grpo_best_reward_end": best["reward_end"], "grpo_best_kl_end": best["kl_end"],
                          "reward_start": best["reward_start"], "pairs": len(pairs),
                          "seconds": round(time.perf_counter() - started), "runs": runs}))


if __name__ == "__main__":
    main_bench()
