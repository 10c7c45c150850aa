"""A model made with ``transformers`` imports as a run, generates what ``transformers`` generates,
trains further on the project's text, and exports back to the same files.

The model has random weights and a byte-level BPE tokenizer trained with ``tokenizers`` on
local text, saved with ``save_pretrained``; nothing is downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from llmstudio.cli import main
from llmstudio.core.errors import StudioError
from llmstudio.core.interop.hf_import import import_model
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs
from llmstudio.resources import resource_path

transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

PROMPT = "Call me Ishmael. Some years ago"


def make_tokenizer(vocab_size: int = 400) -> object:
    """A byte-level BPE trained on two demo chapters, wrapped as a transformers fast tokenizer."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    texts = [p.read_text(encoding="utf-8") for p in sorted(resource_path("demo", "moby-dick").glob("*.txt"))[:2]]
    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    raw.train_from_iterator(texts, trainer)
    return transformers.PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="<|endoftext|>",
                                                bos_token="<|endoftext|>")


def make_model(folder: Path, family: str = "llama") -> Path:
    torch.manual_seed(0)
    tokenizer = make_tokenizer()
    vocab = len(tokenizer)
    eos = tokenizer.eos_token_id
    if family == "llama":
        config = transformers.LlamaConfig(
            vocab_size=vocab, hidden_size=48, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=128, tie_word_embeddings=False, rms_norm_eps=1e-5,
            rope_theta=10000.0, bos_token_id=eos, eos_token_id=eos)
        model = transformers.LlamaForCausalLM(config)
    else:
        config = transformers.GPT2Config(vocab_size=vocab, n_embd=48, n_layer=2, n_head=4, n_positions=128,
                                         bos_token_id=eos, eos_token_id=eos)
        model = transformers.GPT2LMHeadModel(config)
    with torch.no_grad():  # larger than the default init, so greedy text is not one token repeated
        for parameter in model.parameters():
            if parameter.dim() == 2:
                parameter.normal_(0, 0.2)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "LICENSE").write_text("Apache-2.0 (test model)\n", encoding="utf-8")
    return folder


def hf_greedy(folder: Path, prompt: str, tokens: int = 50) -> str:
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    ids = tokenizer(prompt, return_tensors="pt").input_ids
    out = model.generate(ids, do_sample=False, max_new_tokens=tokens, pad_token_id=tokenizer.eos_token_id)
    return tokenizer.decode(out[0], skip_special_tokens=True)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def nothing_left(project: Project) -> bool:
    return (not list_runs(project) and not project.tokenizers() and not any((project.root / "runs").iterdir())
            and not any((project.root / "tokenizers").iterdir()))


@pytest.mark.slow
@pytest.mark.parametrize("family", ["llama", "gpt2"])
def test_transformers_model_imports_generates_trains_and_exports_back(
        cleaned_project: Project, tmp_path: Path, capsys, tiny_overrides, family: str) -> None:
    source = make_model(tmp_path / "made", family)
    root = cleaned_project.root

    code, out, err = run_cli(capsys, "model", root, "import", source, "--name", "made", "--quiet")
    assert code == 0, err
    run_id = int(out.strip().splitlines()[-1])
    run = get_run(cleaned_project, run_id)
    assert run.kind == "lm" and cleaned_project.tokenizer(run.tokenizer_id).train_tokens > 0

    code, ours, err = run_cli(capsys, "generate", root, "--run", run_id, "--prompt", PROMPT, "--top-k", "1",
                              "--max-new-tokens", "50", "--device", "cpu")
    assert code == 0, err
    expected = hf_greedy(source, PROMPT)
    assert len(expected) > len(PROMPT) + 20
    assert ours.rstrip("\n") == expected

    out_dir = tmp_path / "back"
    code, _, err = run_cli(capsys, "model", root, "export", "--run", run_id, "--format", "hf", out_dir, "--quiet")
    assert code == 0, err
    original, exported = load_file(str(source / "model.safetensors")), load_file(str(out_dir / "model.safetensors"))
    assert set(original) == set(exported)
    for name, tensor in original.items():
        assert torch.equal(tensor, exported[name]), name
    assert (out_dir / "tokenizer.json").read_bytes() == (source / "tokenizer.json").read_bytes()
    assert (out_dir / "LICENSE").read_text(encoding="utf-8").startswith("Apache-2.0")
    config_in = json.loads((source / "config.json").read_text())
    config_out = json.loads((out_dir / "config.json").read_text())
    for key in ("model_type", "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                "num_key_value_heads", "intermediate_size", "n_embd", "n_layer", "n_head", "tie_word_embeddings"):
        assert config_in.get(key) == config_out.get(key), key
    assert hf_greedy(out_dir, PROMPT) == expected

    steps = [*tiny_overrides[4:], "train.max_steps=40", "train.lr=0.003", "train.min_lr=0.0003"]
    steps = [s for s in steps if s.startswith("train.")]
    code, out, err = run_cli(capsys, "train", root, "--from-run", run_id, "--device", "cpu",
                             *[a for s in steps for a in ("--set", s)])
    assert code == 0, err
    further = list_runs(cleaned_project)[-1]
    assert further.id != run_id and further.status == "completed"
    assert further.first_val_loss is not None and further.val_loss < further.first_val_loss


def test_a_pickle_is_refused_and_never_loaded(cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    (source / "model.safetensors").unlink()
    (source / "pytorch_model.bin").write_bytes(b"not even a pickle: loading it would fail differently")
    with pytest.raises(StudioError, match="never loads pickled weights"):
        import_model(cleaned_project, str(source))
    assert nothing_left(cleaned_project)


def test_a_missing_shard_is_named(cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    tensors = load_file(str(source / "model.safetensors"))
    from safetensors.torch import save_file

    names = sorted(tensors)
    half = len(names) // 2
    save_file({n: tensors[n] for n in names[:half]}, str(source / "model-00001-of-00002.safetensors"))
    (source / "model.safetensors").unlink()
    weight_map = {n: "model-00001-of-00002.safetensors" if i < half else "model-00002-of-00002.safetensors"
                  for i, n in enumerate(names)}
    (source / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))
    with pytest.raises(StudioError, match="model-00002-of-00002.safetensors is missing"):
        import_model(cleaned_project, str(source))
    assert nothing_left(cleaned_project)


@pytest.mark.parametrize("damage,message", [
    (lambda f: _edit_config(f, model_type="bert", architectures=["BertModel"]), "supported architectures: llama"),
    (lambda f: (f / "tokenizer.json").unlink(), "has no tokenizer"),
    (lambda f: _edit_config(f, intermediate_size=64), "do not match config.json"),
    (lambda f: (f / "tokenizer.json").write_text("{not json"), "not a readable tokenizer.json"),
])
def test_bad_folders_get_a_clear_message_and_leave_nothing(cleaned_project: Project, tmp_path: Path,
                                                           damage, message: str) -> None:
    source = make_model(tmp_path / "made")
    damage(source)
    with pytest.raises(StudioError, match=message):
        import_model(cleaned_project, str(source))
    assert nothing_left(cleaned_project)


def test_a_vocabulary_larger_than_the_embedding_is_refused(cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    tokenizer = make_tokenizer(vocab_size=600)
    tokenizer.save_pretrained(source)
    with pytest.raises(StudioError, match="tokenizer has .* tokens but the embedding only"):
        import_model(cleaned_project, str(source))
    assert nothing_left(cleaned_project)


def test_a_cancelled_import_leaves_nothing(cleaned_project: Project, tmp_path: Path) -> None:
    from llmstudio.core.errors import JobCancelled
    from llmstudio.core.jobs import CancelToken

    source = make_model(tmp_path / "made")
    token = CancelToken()

    def progress(fraction: float | None, message: str) -> None:
        if message.startswith("encoding"):
            token.cancel()

    with pytest.raises(JobCancelled):
        import_model(cleaned_project, str(source), progress=progress, cancel=token)
    assert nothing_left(cleaned_project)


def _edit_config(folder: Path, **changes: object) -> None:
    data = json.loads((folder / "config.json").read_text())
    data.update(changes)
    (folder / "config.json").write_text(json.dumps(data))


def test_an_imported_model_fine_tunes_as_a_classifier(tmp_path: Path) -> None:
    """The imported run and its tokenizer.json stand where a trained run and sentencepiece do."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from classify_helpers import TINY, labelled_project

    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier

    project = labelled_project(tmp_path / "p", n=120)
    imported = import_model(project, str(make_model(tmp_path / "made")), name="made")
    config = ClassifierRunConfig.default().with_overrides(
        [*TINY, f"classify.from_run={imported.run_id}", "classify.predict_all=false"])
    run_id = create_classifier_run(project, config)
    assert train_classifier(project, run_id, device="cpu").status == "completed"
    project.close()
