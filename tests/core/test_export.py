"""JSONL export: lines written as they are, and a seeded, reproducible validation split."""

from __future__ import annotations

from pathlib import Path

import pytest

from fine_tune_studio.core.export import (
    export_jsonl,
    split_indices,
    split_is_usable,
    usable_split_percent,
    validation_path_for,
    validation_size,
)

LINES = [
    f'{{"messages":[{{"role":"user","content":"q{i}"}},{{"role":"assistant","content":"a{i}"}}]}}'
    for i in range(20)
]


def test_plain_export_keeps_every_line_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = export_jsonl([*LINES[:3], "  ", "問題 \u00e9"], target)
    assert result.validation_path is None
    assert target.read_text(encoding="utf-8").splitlines() == [*LINES[:3], "問題 \u00e9"]
    assert result.train_count == 4


def test_split_is_seeded_disjoint_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "train.jsonl"
    result = export_jsonl(LINES, target, validation_fraction=0.2, seed=7)
    assert (
        result.validation_path == validation_path_for(target) == tmp_path / "train.validation.jsonl"
    )
    train = target.read_text().splitlines()
    validation = result.validation_path.read_text().splitlines()
    assert (len(train), len(validation)) == (16, 4)
    assert sorted(train + validation) == sorted(LINES)
    again = tmp_path / "again.jsonl"
    export_jsonl(LINES, again, validation_fraction=0.2, seed=7)
    assert validation_path_for(again).read_text().splitlines() == validation
    other = tmp_path / "other.jsonl"
    export_jsonl(LINES, other, validation_fraction=0.2, seed=8)
    assert validation_path_for(other).read_text().splitlines() != validation


def test_split_edges() -> None:
    assert split_indices(1, 0.5, 1) == ([0], [])
    train, validation = split_indices(3, 0.01, 1)
    assert len(validation) == 1 and len(train) == 2
    with pytest.raises(ValueError):
        split_indices(10, 1.0, 1)


def test_a_split_must_leave_each_file_enough_examples() -> None:
    # 10 % of 24 keeps 2 apart: a provider refuses a validation file of fewer than 10.
    assert validation_size(24, 0.10) == 2
    assert not split_is_usable(24, 10)
    share = usable_split_percent(24)
    assert share == 40 and validation_size(24, share / 100) == 10
    assert split_is_usable(24, share) and not split_is_usable(24, share - 1)
    assert usable_split_percent(100) == 10
    assert usable_split_percent(19) is None  # fewer than 2 x 10: no share works
    assert usable_split_percent(20) == 48  # 9.6 rounds to 10: ten in each file
