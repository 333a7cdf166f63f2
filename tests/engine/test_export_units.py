"""Export on small random models: the streamed merge equals PEFT's, the Qwen2 path (biases,
tied head, padded vocabulary, Qwen2's split rule) reads back through transformers' GGUF
loader, and every refusal is a clear message that leaves nothing behind."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.model_export import (
    ExportErrorCode,
    ExportFormat,
    ExportProgress,
    GgufKind,
)
from fine_tune_studio.engine.export import folders
from fine_tune_studio.engine.export.errors import ExportError
from fine_tune_studio.engine.export.gguf_arch import architecture_for, llama3_rope_divisors
from fine_tune_studio.engine.export.lora_merge import MergedWeights, read_adapter
from fine_tune_studio.engine.export.pipeline import ExportRequest, export_model
from tests.engine.export_models import build_tiny_qwen2, fake_engine, random_adapter

TEXT = "請問我可以帶豬肉乾入境台灣嗎? Yes: 12345 items, don't    panic!\n\n 台灣"


@pytest.fixture(scope="module")
def qwen2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("qwen2")
    base = build_tiny_qwen2(root / "models" / "tiny-qwen2")
    return base, random_adapter(base, root / "adapter", modules_to_save=["lm_head"])


@pytest.fixture(scope="module")
def llama_adapter(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return random_adapter(tiny_model_dir, tmp_path_factory.mktemp("llama") / "adapter",
                          modules_to_save=["embed_tokens", "lm_head"], use_rslora=True,
                          layers=[1])


def peft_merged(base: Path, adapter: Path) -> Any:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    return PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base),
                                     adapter).merge_and_unload()


def test_streamed_merge_equals_peft_merge_and_unload(tiny_model_dir: Path,
                                                     llama_adapter: Path) -> None:
    import torch

    ours = dict(MergedWeights(tiny_model_dir, read_adapter(llama_adapter)))
    theirs = peft_merged(tiny_model_dir, llama_adapter).state_dict()
    assert set(ours) == set(theirs)
    base = MergedWeights(tiny_model_dir, read_adapter(llama_adapter)).base
    changed = [n for n in ours if not torch.equal(ours[n], base.read(n))]
    # rsLoRA on layer 1 only, plus the two saved modules.
    assert sorted(changed) == sorted([f"model.layers.1.{m}.weight" for m in (
        "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
        "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")] + ["model.embed_tokens.weight",
                                                            "lm_head.weight"])
    for name, tensor in ours.items():
        torch.testing.assert_close(tensor, theirs[name], rtol=1e-5, atol=1e-6)


def _export(tmp_path: Path, base: Path, adapter: Path, fmt: ExportFormat,
            kind: GgufKind = GgufKind.F16, **kwargs: Any) -> tuple[Path, list[ExportProgress]]:
    models = base.parent
    model_id = fake_engine(tmp_path / "data", models, base, adapter)
    out = tmp_path / "out"
    seen: list[ExportProgress] = []
    export_model(ExportRequest(model_id, fmt, out, tmp_path / "data", models, kind, **kwargs),
                 seen.append)
    return out, seen


def test_qwen2_gguf_reads_back_with_its_biases_tied_head_and_tokenizer(
    qwen2: tuple[Path, Path], tmp_path: Path
) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base, adapter = qwen2
    out, progress = _export(tmp_path, base, adapter, ExportFormat.GGUF)
    [name] = [p.name for p in out.glob("*.gguf")]
    assert [p.stage.value for p in progress][:1] == ["check"]
    assert progress[-2].stage.value == "card" and progress[-1].stage.value == "finish"
    gguf_model = AutoModelForCausalLM.from_pretrained(out, gguf_file=name)
    gguf_tokenizer = AutoTokenizer.from_pretrained(out, gguf_file=name)
    tokenizer = AutoTokenizer.from_pretrained(base)
    assert gguf_model.config.model_type == "qwen2"
    # The adapter saved its own head, so the export unties it (a Qwen2.5 habit otherwise).
    assert gguf_model.config.tie_word_embeddings is False
    ids = tokenizer(TEXT)["input_ids"]
    assert gguf_tokenizer(TEXT, add_special_tokens=False)["input_ids"] == ids
    reference = peft_merged(base, adapter)
    with torch.no_grad():
        expected = reference(torch.tensor([ids])).logits
        got = gguf_model(torch.tensor([ids])).logits
    assert got.shape == expected.shape
    torch.testing.assert_close(got, expected, rtol=0, atol=2e-2 * expected.abs().max().item())


def test_qwen2_merged_folder_keeps_the_tie_when_the_head_is_untouched(
    tmp_path: Path, qwen2: tuple[Path, Path]
) -> None:
    from safetensors import safe_open

    base, _ = qwen2
    adapter = random_adapter(base, tmp_path / "plain-adapter")
    out, _ = _export(tmp_path, base, adapter, ExportFormat.MERGED)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["tie_word_embeddings"] is True
    with safe_open(out / "model.safetensors", "pt") as handle:
        assert "lm_head.weight" not in handle.keys()  # noqa: SIM118 (not a dict)
        assert "model.layers.0.self_attn.q_proj.bias" in handle.keys()  # noqa: SIM118


def test_llama3_rope_scaling_travels_as_the_divisors_transformers_applies() -> None:
    import torch
    from transformers import LlamaConfig
    from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

    scaling = {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
               "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}
    raw = {"model_type": "llama", "hidden_size": 256, "num_hidden_layers": 2,
           "intermediate_size": 512, "num_attention_heads": 4, "vocab_size": 100,
           "rope_theta": 500000.0, "rope_scaling": scaling, "max_position_embeddings": 131072}
    _, hyper = architecture_for(raw)
    config = LlamaConfig(**{k: v for k, v in raw.items() if k != "model_type"})
    scaled, _ = ROPE_INIT_FUNCTIONS["llama3"](config, "cpu")
    default = 1.0 / (500000.0 ** (torch.arange(0, 64, 2, dtype=torch.float32) / 64))
    torch.testing.assert_close(default / llama3_rope_divisors(hyper), scaled, rtol=1e-5, atol=0)


@pytest.mark.parametrize(("change", "words"), [
    ({"model_type": "gpt2"}, "does not support the 'gpt2' architecture yet"),
    ({"rope_scaling": {"rope_type": "yarn", "factor": 4.0}}, "Qwen2 RoPE scaling (YaRN)"),
    ({"use_sliding_window": True}, "sliding-window"),
])
def test_what_gguf_cannot_write_is_refused_by_name(change: dict[str, Any], words: str) -> None:
    config = {"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2,
              "intermediate_size": 128, "num_attention_heads": 4, "vocab_size": 100, **change}
    with pytest.raises(ExportError) as caught:
        architecture_for(config)
    assert caught.value.code is ExportErrorCode.UNSUPPORTED_ARCHITECTURE
    assert words in caught.value.message
    assert "Llama" in caught.value.message and "Qwen2" in caught.value.message  # what works
    assert "merged model and the LoRA adapter work" in caught.value.message


def test_a_sentencepiece_tokenizer_is_not_yet_and_nothing_is_written(
    qwen2: tuple[Path, Path], tmp_path: Path
) -> None:
    base, adapter = qwen2
    copy = tmp_path / "models" / "sp-model"
    import shutil

    shutil.copytree(base, copy)
    (copy / "tokenizer.json").unlink()
    with pytest.raises(ExportError) as caught:
        _export(tmp_path, copy, adapter, ExportFormat.GGUF)
    assert caught.value.code is ExportErrorCode.UNSUPPORTED_TOKENIZER
    assert "no tokenizer.json" in caught.value.message
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_too_little_room_is_said_before_writing(
    qwen2: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    base, adapter = qwen2
    monkeypatch.setattr(folders.shutil, "disk_usage",
                        lambda _path: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(ExportError) as caught:
        _export(tmp_path, base, adapter, ExportFormat.MERGED)
    assert caught.value.code is ExportErrorCode.NOT_ENOUGH_SPACE
    assert "needs about" in caught.value.message and "free" in caught.value.message
    assert not (tmp_path / "out").exists()


def test_a_disk_that_fills_up_leaves_the_old_folder_and_no_staging(
    qwen2: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fine_tune_studio.engine.export import safetensors_io

    base, adapter = qwen2
    old = tmp_path / "out"
    old.mkdir()
    (old / "earlier.txt").write_text("earlier export", encoding="utf-8")

    def full(self: Any, name: str, tensor: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safetensors_io.StreamingWriter, "write", full)
    with pytest.raises(ExportError) as caught:
        _export(tmp_path, base, adapter, ExportFormat.MERGED, overwrite=True)
    assert caught.value.code is ExportErrorCode.DISK_FULL
    assert "The disk filled up" in caught.value.message
    assert [p.name for p in old.iterdir()] == ["earlier.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]
