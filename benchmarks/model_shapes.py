"""Real-sized model folders with random weights, built offline for the training benchmark.

`build_shape(name, dest)` writes a Hugging Face folder (config, tokenizer with a ChatML chat
template, safetensors weights) whose *shape* is that of a real model, so the engine trains it
through the same loading path as the real download, at the real cost per token. Nothing is
downloaded: the weights are random (seeded) and the tokenizer is a byte-level BPE trained on
the airport examples and the seed article, its vocabulary padded to the real model's size by
the embedding matrix (as Qwen's own is: 151,936 rows for a 151,665-token tokenizer).

Qwen2.5-0.5B-Instruct's values are those of its config.json at the catalogue's pinned
revision (7ae55760…, `fine_tune_studio/resources/models/catalogue.json`); the parameter count
of the built model is checked against the catalogue's (494,032,768).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.model_fixtures import build_bpe_tokenizer

# Qwen's special tokens and a ChatML template in Qwen2.5's manner (a default system message
# when none is given); without {% generation %} markers, as Qwen's own.
QWEN_SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
QWEN_CHAT_TEMPLATE = (
    "{% if messages[0]['role'] != 'system' %}"
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
    "{% endif %}"
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# Merges learned from 22 kB of text compress that text far better than a real tokenizer
# trained on trillions of tokens would; a small vocabulary keeps the airport examples near
# one token per Chinese character, the order of what Qwen's tokenizer gives for such text.
BPE_VOCAB = 1_500


@dataclass(frozen=True)
class Shape:
    name: str
    architecture: str
    catalogue_repo: str  # whose parameter count the built model must have
    config: dict[str, Any]


QWEN25_05B = Shape(
    name="qwen2.5-0.5b",
    architecture="Qwen2ForCausalLM",
    catalogue_repo="Qwen/Qwen2.5-0.5B-Instruct",
    config={
        "hidden_size": 896,
        "intermediate_size": 4864,
        "num_hidden_layers": 24,
        "num_attention_heads": 14,
        "num_key_value_heads": 2,
        "vocab_size": 151_936,
        "max_position_embeddings": 32_768,
        "rms_norm_eps": 1e-6,
        "rope_theta": 1_000_000.0,
        "hidden_act": "silu",
        "tie_word_embeddings": True,
        "use_sliding_window": False,
        "max_window_layers": 21,
        "attention_dropout": 0.0,
        "initializer_range": 0.02,
    },
)

SHAPES = {shape.name: shape for shape in (QWEN25_05B,)}


def _build_tokenizer(dest: Path) -> Any:
    return build_bpe_tokenizer(dest, vocab_size=BPE_VOCAB, special_tokens=QWEN_SPECIAL_TOKENS,
                               pad_token="<|endoftext|>", chat_template=QWEN_CHAT_TEMPLATE)


def catalogue_parameters(repo_id: str) -> int:
    from fine_tune_studio.core.model_catalogue import shipped_catalogue

    for model in shipped_catalogue().models:
        if model.repo_id == repo_id:
            return int(model.parameters)
    raise KeyError(repo_id)


def build_shape(name: str, dest: Path) -> Path:
    """Write the model folder of shape `name` at `dest` (reused when already complete)."""
    import torch
    import transformers

    shape = SHAPES[name]
    done_marker = dest / ".built"
    if done_marker.is_file():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    tokenizer = _build_tokenizer(dest)
    config_cls = getattr(transformers, shape.architecture).config_class
    config = config_cls(
        **shape.config,
        bos_token_id=None,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    # Built in bfloat16 and saved so, like the real checkpoint (its config says bfloat16):
    # the engine loads it as it loads the download (float32 on a CPU).
    model = getattr(transformers, shape.architecture)(config).to(torch.bfloat16)
    expected = catalogue_parameters(shape.catalogue_repo)
    actual = sum(p.numel() for p in model.parameters())
    if actual != expected:
        raise SystemExit(f"{name}: built {actual:,} parameters, the catalogue says {expected:,}")
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(dest)
    done_marker.write_text(json.dumps({"shape": name, "parameters": actual}), encoding="utf-8")
    return dest
