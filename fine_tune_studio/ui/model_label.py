"""A model's name as views show it, in the reader's language (`core.model_display`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fine_tune_studio.core.model_display import display_name


def model_label(model_id: str, *, base_hint: str | None = None,
                suffix_hint: str | None = None) -> str:
    """"airport", "airport · step 120", "Qwen2.5-0.5B-Instruct fine-tune" or a base
    model's own name, translated; the id itself is for hovering and sending."""
    return display_name(
        model_id, base_hint=base_hint, suffix_hint=suffix_hint,
        checkpoint_format=QCoreApplication.translate(
            "ModelLabel", "{name} · step {step}", "a fine-tune's checkpoint"),
        fine_tune_format=QCoreApplication.translate(
            "ModelLabel", "{base} fine-tune", "a fine-tune its user gave no name"),
    )
