"""The architectures GGUF export knows, in llama.cpp's words: metadata keys, tensor names,
and the layout changes llama.cpp expects.

Facts followed (llama.cpp's `gguf-py` constants and `convert_hf_to_gguf.py`):

- Llama: `general.architecture = "llama"`; `llama.*` hyperparameters including
  `rope.dimension_count` and `vocab_size`. llama.cpp rotates adjacent pairs of a query/key
  head while Hugging Face rotates its two halves, so q and k rows are interleaved
  ("permuted") per head. Llama 3.x long-context RoPE ("llama3" scaling) travels as a
  `rope_freqs` tensor of per-frequency divisors.
- Qwen2: `general.architecture = "qwen2"`; its RoPE rotates halves like Hugging Face, so no
  permutation; q/k/v have biases; small models tie the output head to the embeddings
  (no `output.weight` is written and llama.cpp reuses `token_embd`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from fine_tune_studio.core.model_export import GGUF_ARCHITECTURES, ExportErrorCode
from fine_tune_studio.engine.export.errors import ExportError

ROPE_FREQS = "rope_freqs.weight"


@dataclass(frozen=True)
class Hyper:
    """The numbers llama.cpp needs, read from a Hugging Face config.json."""

    model_type: str
    hidden: int
    layers: int
    ffn: int
    heads: int
    kv_heads: int
    head_dim: int
    context: int
    rms_eps: float
    rope_theta: float
    rope_scaling: dict[str, Any] | None
    vocab_size: int


def text_config(config: dict[str, Any]) -> dict[str, Any]:
    inner = config.get("text_config")
    return inner if isinstance(inner, dict) else config


def _rope(config: dict[str, Any]) -> tuple[float, dict[str, Any] | None]:
    # transformers 4 writes rope_theta / rope_scaling; transformers 5 one rope_parameters.
    params = config.get("rope_parameters")
    params = params if isinstance(params, dict) else {}
    theta = config.get("rope_theta") or params.get("rope_theta") or 10000.0
    scaling = config.get("rope_scaling") or (
        params if params.get("rope_type", "default") != "default" else None)
    if scaling and scaling.get("rope_type", scaling.get("type", "default")) == "default":
        scaling = None
    return float(theta), scaling


def read_hyper(config: dict[str, Any]) -> Hyper:
    text = text_config(config)
    try:
        heads = int(text["num_attention_heads"])
        hidden = int(text["hidden_size"])
        theta, scaling = _rope(text)
        return Hyper(
            model_type=str(text.get("model_type") or config.get("model_type")),
            hidden=hidden, layers=int(text["num_hidden_layers"]),
            ffn=int(text["intermediate_size"]), heads=heads,
            kv_heads=int(text.get("num_key_value_heads") or heads),
            head_dim=int(text.get("head_dim") or hidden // heads),
            context=int(text.get("max_position_embeddings") or 2048),
            rms_eps=float(text.get("rms_norm_eps") or 1e-6),
            rope_theta=theta, rope_scaling=scaling, vocab_size=int(text["vocab_size"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ExportError(ExportErrorCode.UNSUPPORTED_ARCHITECTURE,
                          f"The model's config.json lacks {error} that GGUF needs.") from error


def not_yet(what: str) -> ExportError:
    families = "; ".join(GGUF_ARCHITECTURES.values())
    return ExportError(
        ExportErrorCode.UNSUPPORTED_ARCHITECTURE,
        f"GGUF export does not support {what} yet (it supports: {families}). The merged "
        "model and the LoRA adapter work for every model.",
    )


def permute_rotary(weight: torch.Tensor, heads: int) -> torch.Tensor:
    """Rows of each head reordered from halves [x0..x(d/2-1), y0..] to pairs [x0, y0, ...]."""
    half = weight.shape[0] // heads // 2
    rest = weight.shape[1:]
    return weight.reshape(heads, 2, half, *rest).transpose(1, 2).reshape(weight.shape)


def llama3_rope_divisors(hyper: Hyper) -> torch.Tensor:
    """Llama 3.x "llama3" RoPE scaling as llama.cpp applies it: each rotary frequency is
    divided by a factor — 1 for short wavelengths, `factor` for long ones, a smooth blend
    between (Meta's definition; transformers' `_compute_llama3_parameters` agrees)."""
    scaling = hyper.rope_scaling or {}
    factor = float(scaling.get("factor", 8.0))
    low = float(scaling.get("low_freq_factor", 1.0))
    high = float(scaling.get("high_freq_factor", 4.0))
    old_context = float(scaling.get("original_max_position_embeddings", 8192))
    low_wavelength, high_wavelength = old_context / low, old_context / high
    divisors = []
    for index in range(0, hyper.head_dim, 2):
        frequency = 1.0 / (hyper.rope_theta ** (index / hyper.head_dim))
        wavelength = 2 * math.pi / frequency
        if wavelength < high_wavelength:
            divisors.append(1.0)
        elif wavelength > low_wavelength:
            divisors.append(factor)
        else:
            smooth = (old_context / wavelength - low) / (high - low)
            divisors.append(1.0 / ((1 - smooth) / factor + smooth))
    return torch.tensor(divisors, dtype=torch.float32)


@dataclass(frozen=True)
class Architecture:
    name: str  # llama.cpp's general.architecture
    permute_qk: bool
    check: Callable[[dict[str, Any], Hyper], None]

    def transform(self, gguf_name: str, tensor: torch.Tensor, hyper: Hyper) -> torch.Tensor:
        if self.permute_qk and ".attn_q." in gguf_name:
            return permute_rotary(tensor, hyper.heads)
        if self.permute_qk and ".attn_k." in gguf_name:
            return permute_rotary(tensor, hyper.kv_heads)
        return tensor

    def extra_tensors(self, hyper: Hyper) -> dict[str, torch.Tensor]:
        if self.name == "llama" and hyper.rope_scaling:
            return {ROPE_FREQS: llama3_rope_divisors(hyper)}
        return {}

    def add_metadata(self, writer: Any, hyper: Hyper) -> None:
        writer.add_context_length(hyper.context)
        writer.add_embedding_length(hyper.hidden)
        writer.add_block_count(hyper.layers)
        writer.add_feed_forward_length(hyper.ffn)
        writer.add_head_count(hyper.heads)
        writer.add_head_count_kv(hyper.kv_heads)
        writer.add_layer_norm_rms_eps(hyper.rms_eps)
        writer.add_rope_freq_base(hyper.rope_theta)
        writer.add_rope_dimension_count(hyper.head_dim)
        writer.add_vocab_size(hyper.vocab_size)
        if hyper.head_dim * hyper.heads != hyper.hidden:
            writer.add_key_length(hyper.head_dim)
            writer.add_value_length(hyper.head_dim)


def _common_checks(config: dict[str, Any]) -> None:
    text = text_config(config)
    if text.get("hidden_act", "silu") != "silu":
        raise not_yet(f"the activation {text.get('hidden_act')!r}")
    if text.get("mlp_bias"):
        raise not_yet("feed-forward biases")


def _check_llama(config: dict[str, Any], hyper: Hyper) -> None:
    _common_checks(config)
    if hyper.rope_scaling is not None:
        kind = hyper.rope_scaling.get("rope_type", hyper.rope_scaling.get("type"))
        if kind != "llama3":
            raise not_yet(f"Llama RoPE scaling {kind!r}")


def _check_qwen2(config: dict[str, Any], hyper: Hyper) -> None:
    _common_checks(config)
    if text_config(config).get("use_sliding_window"):
        raise not_yet("Qwen2 sliding-window attention")
    if hyper.rope_scaling is not None:
        raise not_yet("Qwen2 RoPE scaling (YaRN)")


ARCHITECTURES: dict[str, Architecture] = {
    "llama": Architecture("llama", permute_qk=True, check=_check_llama),
    "qwen2": Architecture("qwen2", permute_qk=False, check=_check_qwen2),
}


def architecture_for(config: dict[str, Any]) -> tuple[Architecture, Hyper]:
    model_type = str(text_config(config).get("model_type") or config.get("model_type"))
    architecture = ARCHITECTURES.get(model_type)
    if architecture is None:
        raise not_yet(f"the {model_type!r} architecture")
    hyper = read_hyper(config)
    architecture.check(config, hyper)
    return architecture, hyper


def gguf_tensor_name(architecture: Architecture, hf_name: str, layers: int) -> str | None:
    """llama.cpp's name for a Hugging Face tensor (gguf-py's own name map); None for
    tensors llama.cpp recomputes (rotary caches)."""
    import gguf

    if hf_name.endswith("rotary_emb.inv_freq"):
        return None
    arch = next(key for key, value in gguf.MODEL_ARCH_NAMES.items() if value == architecture.name)
    mapping = gguf.get_tensor_name_map(arch, layers)
    found = mapping.get_type_and_name(hf_name, try_suffixes=(".weight", ".bias"))
    if found is None or found[0] not in gguf.MODEL_TENSORS[arch]:
        raise not_yet(f"a {architecture.name} model with the tensor {hf_name}")
    return found[1]
