"""The model card (README.md) every export carries: where the model came from and how to
use it, so a folder found months later still says what it is."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fine_tune_studio.core.model_export import ExportFormat
from fine_tune_studio.engine.export.source import ExportSource, describe_settings

FORMAT_WORDS = {
    ExportFormat.ADAPTER: "LoRA adapter (PEFT): load it over the base model",
    ExportFormat.MERGED: "merged model (Hugging Face folder, safetensors)",
    ExportFormat.GGUF: "GGUF file for llama.cpp, LM Studio, Jan and Ollama",
    ExportFormat.OLLAMA: "Ollama model folder (GGUF + Modelfile)",
}
LIBRARY = {ExportFormat.ADAPTER: "peft", ExportFormat.MERGED: "transformers",
           ExportFormat.GGUF: "gguf", ExportFormat.OLLAMA: "gguf"}
SETTING_WORDS = {
    "method": "method", "n_epochs": "epochs", "batch_size": "batch size",
    "learning_rate_multiplier": "learning-rate multiplier (× 2e-4)", "beta": "DPO beta",
    "lora_r": "LoRA rank", "lora_alpha": "LoRA alpha", "lora_dropout": "LoRA dropout",
    "trainable_layers": "layers trained (top N)", "train_embeddings": "embeddings trained",
    "checkpoint_every_epochs": "checkpoint every N epochs", "max_length": "max tokens per example",
    "validation_sample_size": "validation sample", "seed": "seed",
}
LOSS_WORDS = {"train_loss": "Final training loss", "valid_loss": "Final validation loss (sample)",
              "full_valid_loss": "Final validation loss (whole file)"}


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def model_card(source: ExportSource, fmt: ExportFormat, *, usage: str,
               adapter_config: dict[str, Any], files: list[str], when: datetime | None = None,
               extra_rows: list[tuple[str, str]] | None = None) -> str:
    when = when or datetime.now(UTC)
    title = source.model_id if source.step is None else f"{source.model_id} (step {source.step})"
    rows: list[tuple[str, str]] = [
        ("Format", FORMAT_WORDS[fmt]),
        ("Fine-tuned model", source.model_id),
        ("Base model", source.base_name),
        ("Base model revision", source.base_revision or "not recorded in the base folder"),
    ]
    if source.step is not None:
        rows.append(("Checkpoint", f"step {source.step}"))
    for label, data in (("Training data", source.dataset), ("Validation data", source.validation)):
        if data is None:
            continue
        count = f"{data.examples} examples" if data.examples is not None else "examples: unknown"
        digest = f"sha256 {data.sha256}" if data.sha256 else "file no longer on the engine"
        rows.append((label, f"{data.filename} — {count} — {digest}"))
    settings = describe_settings(source)
    for key in ("lora_r", "lora_alpha", "lora_dropout"):
        short = key.removeprefix("lora_")
        if key not in settings and short in adapter_config:
            settings[key] = adapter_config[short]
    for key, value in settings.items():
        rows.append((SETTING_WORDS.get(key, key), _cell(value)))
    for key, words in LOSS_WORDS.items():
        if key in source.losses:
            rows.append((words, f"{source.losses[key]:.4f}"))
    rows.extend(extra_rows or [])
    rows.append(("Exported", when.strftime("%Y-%m-%d %H:%M UTC")))
    table = "\n".join(f"| {name} | {_cell(value)} |" for name, value in rows)
    listing = "\n".join(f"- `{name}`" for name in sorted(files))
    return (
        "---\n"
        f"library_name: {LIBRARY[fmt]}\n"
        "tags:\n- fine-tune-studio\n- lora\n"
        "---\n\n"
        f"# {title}\n\n"
        "Fine-tuned on this computer with Fine Tune Studio's local engine (LoRA).\n\n"
        "| | |\n|---|---|\n"
        f"{table}\n\n"
        "## Files\n\n"
        f"{listing}\n\n"
        "## How to use it\n\n"
        f"{usage.strip()}\n"
    )
