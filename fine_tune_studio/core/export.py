"""Write examples to JSONL for training, optionally split into train and validation files.

The split is seeded, so the same file and seed always give the same two files (a user can
rerun an export and compare jobs fairly). Lines are written exactly as they are in the
document: the exporter never re-serialises an example, except to drop the app's own
test-set tags (`core.test_sets.strip_app_keys`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.core.test_sets import strip_app_keys
from fine_tune_studio.core.training_files import MIN_EXAMPLES_PER_FILE


@dataclass(frozen=True)
class ExportResult:
    train_path: Path
    train_count: int
    validation_path: Path | None = None
    validation_count: int = 0


def validation_size(count: int, validation_fraction: float) -> int:
    """How many of `count` examples a split keeps apart for validation (0: no split)."""
    if not 0.0 <= validation_fraction < 1.0:
        raise ValueError("validation_fraction must be in [0, 1)")
    if count < 2 or validation_fraction == 0.0:
        return 0
    return min(count - 1, max(1, round(count * validation_fraction)))


def split_is_usable(count: int, percent: int) -> bool:
    """Whether keeping `percent` % of `count` examples apart leaves both files big enough
    for a provider to take (MIN_EXAMPLES_PER_FILE each)."""
    held = validation_size(count, percent / 100)
    return min(held, count - held) >= MIN_EXAMPLES_PER_FILE


def usable_split_percent(count: int, low: int = 1, high: int = 50) -> int | None:
    """The smallest whole percent, between `low` and `high`, whose split gives each file
    enough examples; None when no share does (fewer than 2 x MIN_EXAMPLES_PER_FILE)."""
    return next((p for p in range(low, high + 1) if split_is_usable(count, p)), None)


def split_indices(count: int, validation_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices for train and validation, each kept in the file's original order."""
    size = validation_size(count, validation_fraction)
    if size == 0:
        return list(range(count)), []
    order = list(range(count))
    random.Random(seed).shuffle(order)
    validation = sorted(order[:size])
    chosen = set(validation)
    return [i for i in range(count) if i not in chosen], validation


def validation_path_for(train_path: Path) -> Path:
    name = train_path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else train_path.stem
    return train_path.with_name(f"{stem}.validation.jsonl")


def _lines(lines: Sequence[str]) -> Iterator[bytes]:
    # One line at a time: a 100k-example export never needs a second copy of the file.
    # Test-set tags are the app's own: an exported file goes to a provider without them.
    for line in lines:
        yield strip_app_keys(line.rstrip("\r\n").encode("utf-8")) + b"\n"


def export_jsonl(
    examples: Sequence[str],
    train_path: Path,
    *,
    validation_fraction: float = 0.0,
    seed: int = 42,
    validation_path: Path | None = None,
) -> ExportResult:
    """Write `examples` (one JSON text each; blank ones dropped) as JSONL."""
    kept = [line for line in examples if line.strip()]
    train, validation = split_indices(len(kept), validation_fraction, seed)
    atomic_write(train_path, _lines([kept[i] for i in train]))
    if not validation:
        return ExportResult(train_path=train_path, train_count=len(train))
    target = validation_path or validation_path_for(train_path)
    atomic_write(target, _lines([kept[i] for i in validation]))
    return ExportResult(
        train_path=train_path,
        train_count=len(train),
        validation_path=target,
        validation_count=len(validation),
    )
