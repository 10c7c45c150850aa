"""Instruction tuning: prompt/response datasets, response-only loss, and the chat template.

The story: a user imports question/answer pairs from JSON Lines, fine-tunes an imported
model on them (``train --from-run ID --instruct NAME``, with LoRA), asks it a question with
``generate --chat``, and exports it; ``transformers``' ``apply_chat_template`` then renders
the very text the run trained on, and its tokenizer gives the very ids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
import torch

from llmstudio.cli import main
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.instruct.batches import IGNORE, InstructBatches, encode_example, split_examples
from llmstudio.core.instruct.store import Example, from_labels, import_jsonl, list_datasets, load_dataset
from llmstudio.core.instruct.templates import TEMPLATES, get_template
from llmstudio.core.interop.hf_import import import_model
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs
from llmstudio.core.text_tokenizer import load_text_tokenizer
from llmstudio.core.training.config import ChatTemplateName, RunConfig

COUNTRIES = [("France", "Paris"), ("Spain", "Madrid"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("Peru", "Lima"),
             ("Egypt", "Cairo"), ("Kenya", "Nairobi"), ("Chile", "Santiago"), ("Cuba", "Havana"),
             ("Greece", "Athens"), ("Norway", "Oslo"), ("Poland", "Warsaw"), ("Ireland", "Dublin"),
             ("Austria", "Vienna"), ("Portugal", "Lisbon"), ("Sweden", "Stockholm")]


def _pairs(path: Path) -> Path:
    rows = [{"prompt": f"What is the capital of {country}?", "response": f"The capital of {country} is {city}."}
            for country, city in COUNTRIES]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_templates_and_train_config_agree() -> None:
    assert tuple(TEMPLATES) == get_args(ChatTemplateName)
    assert RunConfig().with_overrides(["train.chat_template=chatml"]).train.chat_template == "chatml"
    with pytest.raises(ConfigError, match="train.chat_template must be one of instruction, chatml, plain"):
        RunConfig().with_overrides(["train.chat_template=alpaca"])
    for name in TEMPLATES:
        assert get_template(name).name == name


@pytest.mark.parametrize("bad,message", [
    ('{"prompt": "a", "response": "b"}\nnot json\n', "line 2 is not JSON"),
    ('{"prompt": "a"}\n', "line 1 has no 'response' field"),
    ('["a", "b"]\n', "line 1 is a JSON list"),
    ('{"prompt": "a", "response": 3}\n', '"prompt" and "response" must be strings'),
    ('{"prompt": " ", "response": "b"}\n', '"prompt" is empty'),
    ("\n\n", "holds no examples"),
])
def test_a_bad_line_is_named_and_nothing_is_imported(tmp_path: Path, capsys, bad: str, message: str) -> None:
    project = Project.create(tmp_path / "p")
    (tmp_path / "qa.jsonl").write_text(bad, encoding="utf-8")
    with pytest.raises(StudioError, match=message):
        import_jsonl(project, tmp_path / "qa.jsonl")
    capsys.readouterr()
    assert main(["instruct", str(project.root), "import", str(tmp_path / "qa.jsonl")]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "qa.jsonl" in err and len(err.splitlines()) == 1
    assert list_datasets(project) == []
    project.close()


def test_import_list_show_and_replace(tmp_path: Path, capsys) -> None:
    project = Project.create(tmp_path / "p")
    source = _pairs(tmp_path / "capitals.jsonl")
    capsys.readouterr()
    assert main(["instruct", str(project.root), "import", str(source)]) == 0
    assert "imported 16 examples as instruction dataset 'capitals'" in capsys.readouterr().out
    assert main(["instruct", str(project.root), "import", str(source)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["instruct", str(project.root), "import", str(source), "--replace", "--name", "capitals"]) == 0
    assert main(["instruct", str(project.root), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == [{"name": "capitals", "examples": 16}]
    assert main(["instruct", str(project.root), "show", "capitals", "--limit", "1"]) == 0
    assert "### Instruction:\nWhat is the capital of France?\n\n### Response:\nThe capital of France is Paris." in (
        capsys.readouterr().out)
    assert main(["train", str(project.root), "--instruct", "nothing"]) == 1
    assert "no instruction dataset 'nothing'" in capsys.readouterr().err
    project.close()


def test_a_dataset_from_labelled_documents(tmp_path: Path) -> None:
    from tests.core.classify_helpers import labelled_project

    project = labelled_project(tmp_path / "p", n=40)
    summary = from_labels(project, "sentiment", "Is this review positive or negative?", split="train")
    examples = load_dataset(project, "sentiment")
    assert summary.examples == len(examples) and 20 <= len(examples) < 40
    assert all(e.prompt.startswith("Is this review positive or negative?\n\nReview ") for e in examples)
    assert {e.response for e in examples} == {"pos", "neg"}
    with pytest.raises(StudioError, match="instruction is empty"):
        from_labels(project, "x", "  ")
    project.close()


def test_prompt_tokens_get_no_loss_and_no_gradient(tokenized_project: Project) -> None:
    tokenizer = load_text_tokenizer(tokenized_project, tokenized_project.tokenizer())
    template = get_template("instruction")
    examples = [Example(f"What is the capital of {c}?", f"The capital of {c} is {city}.") for c, city in COUNTRIES]
    batches = InstructBatches(tokenizer, template, examples, 128, 4, 0, "train")
    ids, boundary = encode_example(tokenizer, template, examples[0])
    assert ids[-1] == tokenizer.eos_id and 0 < boundary < len(ids) - 1
    assert ids[:boundary] == tokenizer.encode(template.prompt_text(examples[0].prompt))[:boundary]
    x, y = batches.load(torch.tensor([0]), torch.device("cpu"))
    assert x[0, : len(ids) - 1].tolist() == ids[:-1]
    assert (y[0, : boundary - 1] == IGNORE).all()  # targets inside the prompt are ignored
    assert y[0, boundary - 1 : len(ids) - 1].tolist() == ids[boundary:]  # the response, its end token included
    assert (y[0, len(ids) - 1 :] == IGNORE).all()  # padding

    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, n_layer=1, n_head=2, d_model=16, context_length=128))
    states = model.hidden_states(x)
    logits = model.head(states)
    logits.retain_grad()
    loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
    _, model_loss = model(x, y)
    assert torch.allclose(loss, model_loss)
    loss.backward()
    per_position = logits.grad[0].abs().sum(-1)
    assert (per_position[: boundary - 1] == 0).all() and (per_position[boundary - 1 : len(ids) - 1] > 0).all()
    train, val = split_examples(examples)
    assert train and val and len(train) + len(val) == len(examples)


@pytest.mark.slow
def test_instruction_tuning_an_imported_model_and_its_chat_template_in_transformers(
        cleaned_project: Project, tmp_path: Path, capsys) -> None:
    transformers = pytest.importorskip("transformers")
    from tests.core.test_hf_import import make_model

    root = cleaned_project.root
    imported = import_model(cleaned_project, str(make_model(tmp_path / "made")), name="made").run_id
    assert main(["instruct", str(root), "import", str(_pairs(tmp_path / "qa.jsonl")), "--name", "qa"]) == 0
    settings = ["train.lora_rank=8", "train.lr=0.01", "train.min_lr=0.001", "train.warmup_steps=0",
                "train.batch_size=8", "train.eval_interval=10", "train.eval_batches=2", "train.log_interval=10",
                "train.compile=false", "train.early_stop_patience=0", "train.chat_template=chatml"]
    capsys.readouterr()
    assert main(["train", str(root), "--from-run", str(imported), "--instruct", "qa", "--max-steps", "30",
                 "--device", "cpu", *[a for s in settings for a in ("--set", s)]]) == 0
    run = list_runs(cleaned_project)[-1]
    assert run.status == "completed" and run.val_loss < run.first_val_loss

    capsys.readouterr()
    assert main(["generate", str(root), "--run", str(run.id), "--chat", "--prompt", "What is the capital of Peru?",
                 "--top-k", "1", "--max-new-tokens", "12", "--device", "cpu"]) == 0
    answer = capsys.readouterr().out
    assert "<|im_start|>" not in answer and answer.strip()

    out = tmp_path / "export"
    assert main(["model", str(root), "export", "--run", str(run.id), "--format", "hf", str(out), "--quiet"]) == 0
    assert "chat_template" in json.loads((out / "tokenizer_config.json").read_text())
    tokenizer = transformers.AutoTokenizer.from_pretrained(out)
    ours = load_text_tokenizer(cleaned_project, cleaned_project.tokenizer(run.tokenizer_id))
    template = get_template("chatml")
    for prompt, response in [("What is the capital of Peru?", "Lima."), ("Two\nlines, 'quotes' and \"more\"", "ok")]:
        messages = [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]
        text = tokenizer.apply_chat_template(messages, tokenize=False)
        assert text == template.text(prompt, response, tokenizer.eos_token)
        assert tokenizer.apply_chat_template(messages[:1], tokenize=False, add_generation_prompt=True) == (
            template.prompt_text(prompt))
        assert tokenizer(text, add_special_tokens=False)["input_ids"] == encode_example(
            ours, template, Example(prompt, response))[0]
