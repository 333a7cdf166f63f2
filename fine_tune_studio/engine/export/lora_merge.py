"""The base weights with a LoRA adapter merged in, one tensor at a time.

For each adapted linear layer, W' = W + s · (B @ A), with s = lora_alpha / r (or
lora_alpha / √r for rsLoRA), computed in float32 and stored back in the base's dtype; a
module the adapter saved whole (`modules_to_save`, e.g. trained embeddings) replaces the
base's. This is what PEFT's `merge_and_unload` computes (a test compares the two), but
without ever building the whole model: peak memory is about one tensor, not two models.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from fine_tune_studio.core.model_export import ExportErrorCode
from fine_tune_studio.engine.export.errors import ExportError
from fine_tune_studio.engine.export.safetensors_io import (
    PlannedTensor,
    SafetensorsFile,
    WeightFolder,
)

ADAPTER_PREFIX = "base_model.model."
# Adapter settings this merge does not implement, and the words for each.
_UNSUPPORTED_FLAGS = {
    "use_dora": "DoRA",
    "fan_in_fan_out": "fan-in/fan-out (GPT-2 style) layers",
    "layer_replication": "layer replication",
    "lora_bias": "LoRA bias terms",
}


def _unsupported(what: str) -> ExportError:
    return ExportError(
        ExportErrorCode.UNSUPPORTED_ADAPTER,
        f"This adapter uses {what}, which export cannot merge yet. Export it as a LoRA "
        "adapter instead.",
    )


@dataclass
class LoraAdapter:
    folder: Path
    config: dict[str, Any]
    weights: SafetensorsFile
    # base weight name -> (lora_A key, lora_B key, module path)
    pairs: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # base weight name -> adapter key of a module saved whole
    replacements: dict[str, str] = field(default_factory=dict)

    def scale(self, module: str) -> float:
        rank = _pattern_value(self.config.get("rank_pattern") or {}, module,
                              int(self.config["r"]))
        alpha = _pattern_value(self.config.get("alpha_pattern") or {}, module,
                               float(self.config["lora_alpha"]))
        if self.config.get("use_rslora"):
            return float(alpha) / math.sqrt(rank)
        return float(alpha) / rank


def _pattern_value(patterns: dict[str, Any], module: str, default: Any) -> Any:
    """PEFT's per-module rank/alpha: a key matches a module whose name ends with it."""
    for key, value in patterns.items():
        if re.fullmatch(rf"(.*\.)?{key}", module):
            return value
    return default


def read_adapter(folder: Path) -> LoraAdapter:
    config_path = folder / "adapter_config.json"
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        weights = SafetensorsFile(folder / "adapter_model.safetensors")
    except (OSError, ValueError) as error:
        raise ExportError(ExportErrorCode.UNREADABLE,
                          f"The adapter in {folder} could not be read: {error}") from error
    if config.get("peft_type") != "LORA":
        raise _unsupported(f"PEFT method {config.get('peft_type')!r}")
    for key, words in _UNSUPPORTED_FLAGS.items():
        if config.get(key):
            raise _unsupported(words)
    if config.get("bias", "none") != "none":
        raise _unsupported("trained bias terms")
    if config.get("target_parameters") or config.get("trainable_token_indices"):
        raise _unsupported("trained parameters outside linear layers")
    adapter = LoraAdapter(folder, config, weights)
    halves: dict[str, dict[str, str]] = {}
    for key in weights.entries:
        name = key.removeprefix(ADAPTER_PREFIX)
        match = re.fullmatch(r"(.+)\.lora_([AB])\.weight", name)
        if match:
            halves.setdefault(match.group(1), {})[match.group(2)] = key
        elif "lora_embedding_" in name or "lora_magnitude" in name:
            raise _unsupported("LoRA on embedding layers")
        else:
            adapter.replacements[name] = key
    for module, pair in halves.items():
        if set(pair) != {"A", "B"}:
            raise ExportError(ExportErrorCode.UNREADABLE,
                              f"The adapter has only half of the LoRA pair of {module}.")
        adapter.pairs[f"{module}.weight"] = (pair["A"], pair["B"], module)
    return adapter


class MergedWeights:
    """What the merged model's safetensors hold, planned up front and read one by one."""

    def __init__(self, base_dir: Path, adapter: LoraAdapter) -> None:
        try:
            self.base = WeightFolder.open(base_dir)
        except (OSError, ValueError) as error:
            raise ExportError(
                ExportErrorCode.UNREADABLE,
                f"The base model's weights in {base_dir} could not be read ({error}). Export "
                "needs a folder with .safetensors weights.",
            ) from error
        self.adapter = adapter
        self.config: dict[str, Any] = json.loads(
            (base_dir / "config.json").read_text(encoding="utf-8"))
        # A tied head is the embedding matrix under a second name: when the adapter
        # changes the head on its own, the merged model needs a head of its own.
        self.untied_head: str | None = None
        self.embedding_name: str | None = None
        touched = set(adapter.pairs) | set(adapter.replacements)
        for name in touched:
            if name not in self.base:
                head = self._tied_head_source(name)
                if head is None:
                    raise ExportError(
                        ExportErrorCode.UNSUPPORTED_ADAPTER,
                        f"The adapter changes {name}, which the base model does not have: it "
                        "was trained on another base model.",
                    )
                self.untied_head, self.embedding_name = name, head
        if self.untied_head is not None:
            self._set_tied(False)
        self.plan = [self._planned(name) for name in self.base.names()]
        if self.untied_head is not None:
            source = self.base.entry(self.embedding_name or "")
            self.plan.append(PlannedTensor(self.untied_head, source.dtype, source.shape))

    def _tied_head_source(self, name: str) -> str | None:
        if not name.endswith("lm_head.weight") or not self._tied():
            return None
        for candidate in ("model.embed_tokens.weight", "transformer.wte.weight",
                          "model.language_model.embed_tokens.weight"):
            if candidate in self.base:
                return candidate
        return None

    def _tied(self) -> bool:
        text = self.config.get("text_config")
        if isinstance(text, dict) and "tie_word_embeddings" in text:
            return bool(text["tie_word_embeddings"])
        return bool(self.config.get("tie_word_embeddings", False))

    def _set_tied(self, tied: bool) -> None:
        self.config["tie_word_embeddings"] = tied
        text = self.config.get("text_config")
        if isinstance(text, dict):
            text["tie_word_embeddings"] = tied

    def _planned(self, name: str) -> PlannedTensor:
        entry = self.base.entry(name)
        replacement = self.adapter.replacements.get(name)
        if replacement is not None:
            saved = self.adapter.weights.entries[replacement]
            if saved.shape != entry.shape:
                raise ExportError(
                    ExportErrorCode.UNSUPPORTED_ADAPTER,
                    f"The adapter's {name} is {saved.shape}, the base model's {entry.shape}: "
                    "the adapter was trained on another base model.",
                )
        return PlannedTensor(name, entry.dtype, entry.shape)

    def __len__(self) -> int:
        return len(self.plan)

    def tensor(self, name: str) -> torch.Tensor:
        """The merged tensor `name`, in the base's dtype."""
        source = self.embedding_name if name == self.untied_head else name
        assert source is not None
        replacement = self.adapter.replacements.get(name)
        if replacement is not None:
            base_dtype = self.base.entry(source).dtype
            return self.adapter.weights.read(replacement).to(_torch_dtype(base_dtype))
        weight = self.base.read(source)
        pair = self.adapter.pairs.get(name)
        if pair is None:
            return weight
        key_a, key_b, module = pair
        lora_a = self.adapter.weights.read(key_a).float()
        lora_b = self.adapter.weights.read(key_b).float()
        merged = weight.float()
        merged.addmm_(lora_b, lora_a, alpha=self.adapter.scale(module))
        return merged.to(weight.dtype)

    def __iter__(self) -> Iterator[tuple[str, torch.Tensor]]:
        for planned in self.plan:
            yield planned.name, self.tensor(planned.name)

    def parameter_count(self) -> int:
        total = 0
        for planned in self.plan:
            count = 1
            for size in planned.shape:
                count *= size
            total += count
        return total


def _torch_dtype(name: str) -> torch.dtype:
    from fine_tune_studio.engine.export.safetensors_io import DTYPES

    return DTYPES[name]
