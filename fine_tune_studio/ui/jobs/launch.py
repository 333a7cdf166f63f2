"""What the wizard decided, as the request a provider receives (no Qt in here).

Kept apart from the widgets so the exact request shapes can be checked against the
official OpenAI spec (Prism) and the local engine without clicking.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from fine_tune_studio.core.hyperparameters import Method, build_hyperparameters


@dataclass
class JobRequest:
    model: str
    method: Method = Method.SUPERVISED
    values: dict[str, float | int | None] = field(default_factory=dict)  # None = auto
    suffix: str | None = None
    seed: int | None = None
    engine: bool = False  # the provider is our engine: send its extras

    def create_kwargs(self, training_file: str, validation_file: str | None) -> dict[str, Any]:
        """Keyword arguments for `ProviderClient.create_job`."""
        standard, extras = build_hyperparameters(self.method, self.values)
        part: dict[str, Any] = {}
        if standard:
            part["hyperparameters"] = standard
        method: dict[str, Any] = {"type": self.method.value}
        if part:
            method[self.method.value] = part
        kwargs: dict[str, Any] = {
            "model": self.model,
            "training_file": training_file,
            "method": method,
        }
        if validation_file:
            kwargs["validation_file"] = validation_file
        if self.suffix:
            kwargs["suffix"] = self.suffix
        if self.seed is not None:
            kwargs["seed"] = self.seed
        if self.engine and extras:
            # docs/engine.md: engine-only settings travel as extra_body={"engine": {...}}.
            kwargs["extra_body"] = {"engine": extras}
        return kwargs


# Providers refuse a fine-tuning file (training or validation) of fewer examples.
MIN_EXAMPLES_PER_FILE = 10


def can_split(n_examples: int) -> bool:
    return n_examples >= 2 * MIN_EXAMPLES_PER_FILE


def split_for_validation(
    lines: list[bytes], fraction: float, seed: int
) -> tuple[list[bytes], list[bytes]]:
    """Hold out `fraction` of the example lines, chosen reproducibly by `seed`.

    Each part gets at least MIN_EXAMPLES_PER_FILE examples (else nothing is held out);
    order is kept within each part so a reader recognises the file.
    """
    examples = [i for i, line in enumerate(lines) if line.strip()]
    if not can_split(len(examples)) or fraction <= 0:
        return [lines[i] for i in examples], []
    count = max(MIN_EXAMPLES_PER_FILE, round(len(examples) * fraction))
    count = min(count, len(examples) - MIN_EXAMPLES_PER_FILE)
    held = set(random.Random(seed).sample(examples, count))
    train = [lines[i] for i in examples if i not in held]
    valid = [lines[i] for i in examples if i in held]
    return train, valid
