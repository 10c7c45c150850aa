"""LoRA runs: only the adapters train, checkpoints resume, and export merges them exactly.

The story: a model made with ``transformers`` is imported, a LoRA run starts from it with
``llmstudio train --from-run ID --set train.lora_rank=N``, its base weights stay as they came,
its optimizer holds state for the adapters only, it resumes, generates and evaluates, and the
exported folder computes in ``transformers`` what the unmerged LoRA model computes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from llmstudio.cli import main
from llmstudio.core.errors import ConfigError
from llmstudio.core.interop.hf_import import import_model
from llmstudio.core.model.build import build_model
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.model.lora import LoRALinear, apply_lora, merge_lora_state
from llmstudio.core.model.size import lora_parameter_count, training_memory
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs, run_folder
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.runs import load_run_config

transformers = pytest.importorskip("transformers")
from tests.core.test_hf_import import make_model  # noqa: E402  (a transformers-made model, as the import tests make it)

LORA = ["train.lora_rank=4", "train.lora_alpha=8", "train.lora_dropout=0.1", "train.lr=0.01", "train.min_lr=0.001",
        "train.batch_size=4", "train.warmup_steps=0", "train.eval_interval=5", "train.eval_batches=2",
        "train.log_interval=5", "train.checkpoint_interval=5", "train.compile=false", "train.early_stop_patience=0"]


def _sets(items: list[str]) -> list[str]:
    return [a for s in items for a in ("--set", s)]


def test_adapters_start_at_zero_and_merge_into_the_same_function() -> None:
    torch.manual_seed(0)
    config = ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=16, context_length=16, pos_encoding="rope",
                         norm="rmsnorm", activation="swiglu", bias=True)
    model = GPT(config).eval()
    ids = torch.randint(50, (2, 10))
    before, _ = model(ids, targets=ids)
    trainable = apply_lora(model, 4, 8.0, 0.0, ("qkv", "proj", "up", "down"))
    model.eval()
    assert trainable == lora_parameter_count(config, 4, ("qkv", "proj", "up", "down"))
    assert {n for n, p in model.named_parameters() if p.requires_grad} == {
        f"blocks.{i}.{m}.lora_{x}" for i in range(2) for m in ("attn.qkv", "attn.proj", "mlp.up", "mlp.down")
        for x in "ab"}
    after, _ = model(ids, targets=ids)
    assert torch.equal(before, after)  # B starts at zero: a LoRA run starts where its base is

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, LoRALinear):
                module.lora_b.normal_(0, 0.5)
    adapted, _ = model(ids, targets=ids)
    assert not torch.allclose(adapted, before, atol=1e-3)
    plain = GPT(config).eval()
    plain.load_state_dict(merge_lora_state(model.state_dict()))
    merged, _ = plain(ids, targets=ids)
    assert torch.allclose(merged, adapted, atol=1e-5, rtol=0)


def test_lora_settings_are_checked_with_the_key_named() -> None:
    with pytest.raises(ConfigError, match="train.lora_targets"):
        RunConfig().with_overrides(["train.lora_rank=4", "train.lora_targets=qkv,ffn"])
    with pytest.raises(ConfigError, match="train.lora_rank"):
        RunConfig().with_overrides(["train.lora_rank=-1"])
    with pytest.raises(ConfigError, match="train.lora_dropout"):
        RunConfig().with_overrides(["train.lora_dropout=1.5"])
    assert RunConfig().with_overrides(["train.lora_targets=attention"]).train.lora_target_names == ("qkv", "proj")


def test_memory_estimate_counts_only_the_adapters_in_the_optimizer() -> None:
    config = ModelConfig(vocab_size=1000, n_layer=4, n_head=4, d_model=128)
    full = training_memory(config, 8)
    lora = training_memory(config, 8, lora_rank=8, lora_targets=("qkv", "proj", "up", "down"))
    adapters = lora_parameter_count(config, 8, ("qkv", "proj", "up", "down"))
    assert lora.optimizer == 8 * adapters and lora.gradients == 4 * adapters
    assert lora.weights == full.weights + 4 * adapters and lora.optimizer < full.optimizer / 10
    model = build_model(config, 1000)
    assert apply_lora(model, 8, 16.0, 0.0, ("qkv", "proj", "up", "down")) == adapters


def _lora_model(project: Project, run_id: int) -> GPT:
    """The LoRA run as it trained: base weights plus unmerged adapters, from its latest checkpoint."""
    run = get_run(project, run_id)
    config = load_run_config(project, run_id)
    model = build_model(config, project.tokenizer(run.tokenizer_id))
    apply_lora(model, config.train.lora_rank, config.train.lora_alpha, 0.0, config.train.lora_target_names)
    ckpt.load_weights(ckpt.find_checkpoint(run_folder(project, run)), model, torch.device("cpu"))
    return model.eval()


@pytest.mark.slow
@pytest.mark.parametrize("family", ["llama", "gpt2"])
def test_a_lora_run_on_an_imported_model_trains_resumes_and_exports_merged(
        cleaned_project: Project, tmp_path: Path, capsys, family: str) -> None:
    root = cleaned_project.root
    source = make_model(tmp_path / "made", family)
    imported = import_model(cleaned_project, str(source), name="made").run_id
    capsys.readouterr()
    assert main(["train", str(root), "--from-run", str(imported), "--device", "cpu", "--max-steps", "10",
                 *_sets(LORA)]) == 0
    assert "trainable: LoRA adapters" in capsys.readouterr().out
    run = list_runs(cleaned_project)[-1]
    assert run.id != imported and run.status == "completed" and run.step == 10

    # The base weights are the imported ones, bit for bit; the adapters moved; AdamW kept state for them only.
    found = ckpt.find_checkpoint(run_folder(cleaned_project, run))
    saved = load_file(str(found.folder / "model.safetensors"))
    base = load_file(str(ckpt.find_checkpoint(run_folder(cleaned_project, get_run(cleaned_project, imported)))
                         .folder / "model.safetensors"))
    for name, tensor in base.items():
        assert torch.equal(saved[name], tensor), name
    assert max(float(t.abs().max()) for n, t in saved.items() if n.endswith("lora_b")) > 0
    adapters = {n for n in saved if n.endswith(("lora_a", "lora_b"))}
    moments = load_file(str(found.folder / "optimizer.safetensors"))
    assert len({name.split("::")[0] for name in moments}) == len(adapters)  # AdamW state: adapters only

    # Resume: five more steps continue from the checkpoint.
    assert main(["train", str(root), "--resume", str(run.id), "--device", "cpu", "--max-steps", "15"]) == 0
    assert get_run(cleaned_project, run.id).step == 15
    capsys.readouterr()
    assert main(["train", str(root), "--resume", str(run.id), "--set", "train.lora_rank=8"]) == 1
    assert "train.lora_rank cannot change when resuming" in capsys.readouterr().err

    # Generation and evaluation read the merged weights.
    capsys.readouterr()
    assert main(["generate", str(root), "--run", str(run.id), "--prompt", "Call me", "--top-k", "1",
                 "--max-new-tokens", "10", "--device", "cpu"]) == 0
    assert capsys.readouterr().out.startswith("Call me")
    assert main(["evaluate", str(root), "--run", str(run.id), "--device", "cpu"]) == 0

    out = tmp_path / "export"
    assert main(["model", str(root), "export", "--run", str(run.id), "--format", "hf", str(out), "--quiet"]) == 0
    assert not any("lora" in name for name in load_file(str(out / "model.safetensors")))
    hf = transformers.AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
    ids = torch.tensor([load_run_tokens(cleaned_project, run.id)])
    with torch.no_grad():
        theirs = hf(ids).logits
        ours, _ = _lora_model(cleaned_project, run.id)(ids, targets=ids)
    assert torch.allclose(theirs, ours, atol=1e-4, rtol=0)

    gguf = pytest.importorskip("gguf")
    gguf_out = tmp_path / "model.gguf"
    assert main(["model", str(root), "export", "--run", str(run.id), "--format", "gguf", str(gguf_out),
                 "--quiet"]) == 0
    names = [t.name for t in gguf.GGUFReader(str(gguf_out)).tensors]
    assert names and not any("lora" in name for name in names)

    # A new run from the LoRA run starts from its merged weights.
    assert main(["train", str(root), "--from-run", str(run.id), "--device", "cpu", "--max-steps", "1",
                 *_sets(LORA)]) == 0


def load_run_tokens(project: Project, run_id: int) -> list[int]:
    from llmstudio.core.text_tokenizer import load_text_tokenizer

    tokenizer = load_text_tokenizer(project, project.tokenizer(get_run(project, run_id).tokenizer_id))
    return tokenizer.encode("Call me Ishmael. Some years ago, never mind how long precisely")


def test_a_lora_classifier_trains_adapters_and_its_head(tmp_path: Path) -> None:
    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.inference import Classifier
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier
    from tests.core.classify_helpers import TINY, labelled_project

    project = labelled_project(tmp_path / "p", n=80)
    imported = import_model(project, str(make_model(tmp_path / "made")), name="made").run_id
    config = ClassifierRunConfig.default().with_overrides(
        [*TINY, f"classify.from_run={imported}", "classify.predict_all=false", "classify.epochs=1",
         "train.lora_rank=4"])
    run_id = create_classifier_run(project, config)
    assert train_classifier(project, run_id, device="cpu").status == "completed"
    found = ckpt.find_checkpoint(run_folder(project, get_run(project, run_id)), "best")
    saved = load_file(str(found.folder / "model.safetensors"))
    trained = {n for n in saved if n.endswith(("lora_a", "lora_b"))} | {"score.weight", "score.bias"}
    moments = load_file(str(found.folder / "optimizer.safetensors"))
    assert len({name.split("::")[0] for name in moments}) == len(trained)
    probabilities = Classifier(project, run_id, device="cpu").scores(["the film was wonderful"])
    assert probabilities.shape == (1, 2) and abs(float(probabilities.sum()) - 1) < 1e-5
    project.close()
