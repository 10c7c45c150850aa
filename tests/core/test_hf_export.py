"""Exported runs load in ``transformers`` and compute what llmstudio computes.

``transformers`` is the oracle: the logits of the exported Llama- and GPT-2-layout models
equal llmstudio's in fp32, greedy text from ``llmstudio generate --top-k 1`` equals
``generate(do_sample=False)``, and the exported tokenizer gives the sentencepiece ids.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from llmstudio.cli import main
from llmstudio.core.errors import StudioError
from llmstudio.core.interop.hf_export import export_hf
from llmstudio.core.interop.run_weights import load_run_weights
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.text_tokenizer import load_text_tokenizer
from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run
from llmstudio.resources import resource_path

transformers = pytest.importorskip("transformers")

LLAMA = ["model.pos_encoding=rope", "model.norm=rmsnorm", "model.activation=swiglu", "model.n_head=4",
         "model.n_kv_head=2", "model.bias=true", "model.tie_embeddings=false", "model.rope_theta=500"]
GPT2 = ["model.pos_encoding=learned", "model.norm=layernorm", "model.activation=gelu"]
PROMPT = "Call me Ishmael. Some years ago"


@pytest.fixture(scope="module")
def byte_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Eight demo chapters with a 2000-token BPE tokenizer (byte fallback, so no unknown pieces)."""
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.sources.importer import import_paths

    project = Project.create(tmp_path_factory.mktemp("hf") / "project")
    import_paths(project, sorted(resource_path("demo", "moby-dick").glob("*.txt"))[:8])
    run_recipe(project, preset("Minimal"))
    train_tokenizer(project, TokenizerSettings(vocab_size=2000))
    yield project
    project.close()


def _trained_run(project: Project, overrides: list[str], tiny: list[str]) -> int:
    config = RunConfig().with_overrides([*tiny, "model.context_length=96", "model.d_model=32",
                                         "train.max_steps=20", *overrides])
    run_id = create_run(project, config)
    assert train_run(project, run_id, device="cpu").status == "completed"
    return run_id


def _our_logits(project: Project, run_id: int, ids: torch.Tensor) -> torch.Tensor:
    weights = load_run_weights(project, run_id)
    model = GPT(weights.config)
    model.load_state_dict(weights.state, strict=False)
    model.eval()
    with torch.no_grad():
        logits, _ = model(ids, targets=ids)
    return logits


@pytest.mark.slow
@pytest.mark.parametrize("layout,overrides", [("llama", LLAMA), ("gpt2", GPT2)])
def test_exported_run_matches_transformers(byte_project: Project, tiny_overrides, capsys, tmp_path: Path,
                                           layout: str, overrides: list[str]) -> None:
    run_id = _trained_run(byte_project, overrides, tiny_overrides)
    out = tmp_path / "export"
    assert main(["model", str(byte_project.root), "export", "--run", str(run_id), "--format", "hf", str(out)]) == 0
    assert {"config.json", "generation_config.json", "model.safetensors", "tokenizer.json"} <= {
        p.name for p in out.iterdir()}

    model = transformers.AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(out)
    assert model.config.model_type == layout

    ours = load_text_tokenizer(byte_project, byte_project.tokenizer())
    for chapter in sorted(resource_path("demo", "moby-dick").glob("*.txt"))[:3]:
        sample = chapter.read_text(encoding="utf-8")[:3000]
        assert tokenizer(sample, add_special_tokens=True)["input_ids"] == ours.encode(sample)
        assert tokenizer.decode(ours.encode(sample), skip_special_tokens=True) == ours.decode(ours.encode(sample))
    assert tokenizer.eos_token_id == ours.eos_id

    ids = torch.tensor([ours.encode(PROMPT + " I thought I would sail about a little")])
    with torch.no_grad():
        theirs = model(ids).logits
    assert torch.allclose(theirs, _our_logits(byte_project, run_id, ids), atol=1e-4, rtol=0)

    capsys.readouterr()
    assert main(["generate", str(byte_project.root), "--run", str(run_id), "--prompt", PROMPT, "--top-k", "1",
                 "--max-new-tokens", "50", "--device", "cpu"]) == 0
    llmstudio_text = capsys.readouterr().out.rstrip("\n")
    prompt_ids = tokenizer(PROMPT, return_tensors="pt").input_ids
    generated = model.generate(prompt_ids, do_sample=False, max_new_tokens=50)
    assert generated.shape[1] - prompt_ids.shape[1] == 50 or generated[0, -1] == tokenizer.eos_token_id
    assert tokenizer.decode(generated[0], skip_special_tokens=True) == llmstudio_text


def test_unsupported_combination_names_the_settings(byte_project: Project, tiny_overrides, tmp_path: Path) -> None:
    run_id = create_run(byte_project, RunConfig().with_overrides(
        [*tiny_overrides, "model.pos_encoding=rope", "model.norm=layernorm", "train.max_steps=1"]))
    train_run(byte_project, run_id, device="cpu")
    with pytest.raises(StudioError, match="model.pos_encoding=rope, model.norm=rmsnorm, model.activation=swiglu"):
        export_hf(byte_project, run_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
