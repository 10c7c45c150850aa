"""GGUF files written by llmstudio read back with the ``gguf`` package: same tensors, the metadata llama.cpp needs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from llmstudio.core.errors import StudioError
from llmstudio.core.interop.architecture import layout_for
from llmstudio.core.interop.gguf_export import export_gguf, gguf_tensors
from llmstudio.core.interop.run_weights import load_run_weights
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run

gguf = pytest.importorskip("gguf")

LLAMA = ["model.pos_encoding=rope", "model.norm=rmsnorm", "model.activation=swiglu", "model.n_kv_head=1",
         "model.tie_embeddings=false"]


def _field(reader: object, key: str) -> object:
    return reader.fields[key].contents()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def llama_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, int]:
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.resources import resource_path
    from tests.conftest import TINY_OVERRIDES

    project = Project.create(tmp_path_factory.mktemp("gguf") / "project")
    import_paths(project, sorted(resource_path("demo", "moby-dick").glob("*.txt"))[:4])
    run_recipe(project, preset("Minimal"))
    train_tokenizer(project, TokenizerSettings(vocab_size=300))
    run_id = create_run(project, RunConfig().with_overrides([*TINY_OVERRIDES, *LLAMA, "train.max_steps=5"]))
    train_run(project, run_id, device="cpu")
    yield project, run_id
    project.close()


@pytest.mark.parametrize("dtype", ["f32", "f16", "q8_0"])
def test_gguf_reads_back_with_the_same_tensors_and_metadata(llama_run, tmp_path: Path, dtype: str) -> None:
    project, run_id = llama_run
    path = export_gguf(project, run_id, tmp_path / f"model-{dtype}.gguf", dtype=dtype)
    weights = load_run_weights(project, run_id)
    expected = gguf_tensors(weights.state, weights.config, layout_for(weights.config))
    reader = gguf.GGUFReader(str(path))

    assert _field(reader, "general.architecture") == "llama"
    assert _field(reader, "llama.block_count") == weights.config.n_layer
    assert _field(reader, "llama.attention.head_count_kv") == 1
    assert _field(reader, "llama.context_length") == weights.config.context_length
    assert _field(reader, "llama.rope.dimension_count") == weights.config.head_dim
    assert _field(reader, "tokenizer.ggml.model") == "llama"
    assert _field(reader, "tokenizer.ggml.eos_token_id") == 2
    tokens = _field(reader, "tokenizer.ggml.tokens")
    assert len(tokens) == weights.tokenizer.vocab_size and tokens[2] == "</s>"

    found = {t.name: t for t in reader.tensors}
    assert set(found) == set(expected)
    quantized = 0
    for name, tensor in found.items():
        want = expected[name].numpy()
        got = gguf.quants.dequantize(tensor.data, tensor.tensor_type).reshape(want.shape).astype(np.float32)
        if tensor.tensor_type == gguf.GGMLQuantizationType.Q8_0:
            quantized += 1
            # Q8_0: each block of 32 values shares one scale d = max|x| / 127, stored as f16:
            # rounding to a step costs d/2, the f16 scale at most 127 * d * 2**-11 more.
            step = np.abs(want.reshape(-1, 32)).max(axis=1, keepdims=True) / 127
            error = np.abs(got - want).reshape(-1, 32)
            assert (error <= step * (0.5 + 127 * 2**-11) + 1e-7).all(), name
        elif dtype == "f16" and want.ndim == 2:
            assert np.array_equal(got, want.astype(np.float16).astype(np.float32)), name
        else:
            assert np.array_equal(got, want), name
    assert (quantized > 0) == (dtype == "q8_0")


def test_f16_overflow_is_refused_and_leaves_no_file(llama_run, tmp_path: Path) -> None:
    project, run_id = llama_run
    run_dir = project.absolute(get_run(project, run_id).checkpoint_dir)
    weights_file = next(run_dir.glob("step-*/model.safetensors"))
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(weights_file))
    tensors["blocks.0.mlp.down.weight"][0, 0] = 1e6
    save_file(tensors, str(weights_file))
    with pytest.raises(StudioError, match="beyond f16's range"):
        export_gguf(project, run_id, tmp_path / "big.gguf", dtype="f16")
    assert list(tmp_path.iterdir()) == []
