"""Loading the base model and wrapping it in a LoRA adapter (PEFT)."""

from __future__ import annotations

from typing import Any

from fine_tune_studio.core.training_memory import SMALL_MODEL_PARAMETERS
from fine_tune_studio.engine.device import Device, engine_device
from fine_tune_studio.engine.training.spec import TrainingSpec


def load_tokenizer(model_dir: Any) -> Any:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token is None:
        # Padding positions never reach the loss (labels are -100 there), so any token works.
        tokenizer.pad_token = tokenizer.eos_token
    if not getattr(tokenizer, "chat_template", None):
        raise ValueError(
            "this model folder has no chat template, so conversations cannot be turned into "
            "training text; use an instruct/chat model"
        )
    return tokenizer


def load_base_model(
    model_dir: Any, device: Device | None = None, precision: str | None = None
) -> Any:
    """The base model in the dtype `device` trains in (engine/device.py says which), or in
    bfloat16 when it trains under bfloat16 autocast: the frozen weights are only read, in
    bfloat16 by the autocast anyway, so keeping them so halves their memory and spares a
    conversion per product (measured 1.18 x faster per step on a 0.5B model on the CPU;
    docs/engine-training.md). The trainer moves it onto the device."""
    import torch
    from transformers import AutoModelForCausalLM

    device = device or engine_device()
    dtype = torch.bfloat16 if precision == "bf16" else device.dtype(training=True)
    return AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype)


def count_layers(model: Any) -> int | None:
    value = getattr(model.config.get_text_config(), "num_hidden_layers", None)
    return int(value) if value else None


def wants_full_embeddings(spec: TrainingSpec, model: Any) -> bool:
    if spec.train_embeddings is not None:
        return spec.train_embeddings
    return sum(p.numel() for p in model.parameters()) < SMALL_MODEL_PARAMETERS


def lora_config(spec: TrainingSpec, model: Any) -> Any:
    """The LoRA set-up: all linear layers (or only the top `trainable_layers` of them)."""
    from peft import LoraConfig

    kwargs: dict[str, Any] = {}
    layers = count_layers(model)
    if spec.trainable_layers is not None and layers is not None and spec.trainable_layers < layers:
        kwargs["layers_to_transform"] = list(range(layers - spec.trainable_layers, layers))
    modules_to_save = None
    if wants_full_embeddings(spec, model):
        input_name = _module_name(model, model.get_input_embeddings())
        output_name = _module_name(model, model.get_output_embeddings())
        modules_to_save = [name for name in (input_name, output_name) if name]
    # PEFT refuses layers_to_transform with the "all-linear" shortcut, so name the layers.
    target_modules: str | list[str] = (
        linear_module_names(model) if "layers_to_transform" in kwargs else "all-linear"
    )
    return LoraConfig(
        r=spec.lora_r,
        lora_alpha=spec.lora_alpha,
        lora_dropout=spec.lora_dropout,
        target_modules=target_modules,
        modules_to_save=modules_to_save,
        task_type="CAUSAL_LM",
        **kwargs,
    )


def linear_module_names(model: Any) -> list[str]:
    """Short names of the linear layers inside the transformer blocks (not the output head)."""
    import torch

    head = model.get_output_embeddings()
    names = {
        name.rsplit(".", 1)[-1]
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and module is not head
    }
    return sorted(names)


def _module_name(model: Any, module: Any) -> str | None:
    if module is None:
        return None
    for name, candidate in model.named_modules():
        if candidate is module:
            return name.rsplit(".", 1)[-1]
    return None


def load_trainable_model(
    spec: TrainingSpec, device: Device | None = None, precision: str | None = None
) -> tuple[Any, Any | None]:
    """(model, peft_config): a plain model plus a config for TRL to wrap, or, when continuing
    from `init_adapter_dir`, an already trainable PeftModel and no config. `precision` is
    the trainer's autocast (see load_base_model)."""
    model = load_base_model(spec.base_model_dir, device, precision)
    if precision == "bf16" and wants_full_embeddings(spec, model):
        # Trained embeddings need float32 weights for their optimizer steps.
        model = model.float()
    if spec.init_adapter_dir is not None:
        from peft import PeftModel

        return PeftModel.from_pretrained(model, spec.init_adapter_dir, is_trainable=True), None
    return model, lora_config(spec, model)
