"""Token statistics of a dataset: total, min, p50, p90, max (nearest-rank percentiles)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class TokenStats:
    total: int = 0
    min: int = 0
    p50: int = 0
    p90: int = 0
    max: int = 0

    def to_json_dict(self) -> dict[str, int]:
        return asdict(self)


def percentile(sorted_values: Sequence[int], q: float) -> int:
    """Nearest-rank percentile of an ascending sequence (0 when empty)."""
    if not sorted_values:
        return 0
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def token_stats(counts: Sequence[int]) -> TokenStats:
    if not counts:
        return TokenStats()
    ordered = sorted(counts)
    return TokenStats(
        total=sum(ordered),
        min=ordered[0],
        p50=percentile(ordered, 0.5),
        p90=percentile(ordered, 0.9),
        max=ordered[-1],
    )
