"""Side-by-side votes on a test set and what they add up to. Qt-free, pure.

A vote compares two contestants' answers to one item, shown as A and B; which contestant
sat on which side is part of the vote (`left` is the one shown as A), so the tally never
depends on the screen. Ties count half a win for each side: "win rate" below is
(wins + ½·ties) / rounds, and its 95 % interval is Wilson's score interval on that rate.

Agreement between an AI judge and the human reviewers is measured on the items both rated:
percent agreement and Cohen's κ over the three labels (first better, second better, tie).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

Z_95 = 1.959963984540054  # the normal quantile for a two-sided 95 % interval
TIE = "tie"


class Choice(StrEnum):
    A = "A"  # the answer shown on the left is better
    B = "B"
    TIE = "tie"


@dataclass(frozen=True)
class Vote:
    item_id: str
    left: str  # the contestant shown as A
    right: str  # the contestant shown as B
    choice: Choice
    reviewer: str
    note: str = ""

    @property
    def winner(self) -> str | None:
        if self.choice is Choice.A:
            return self.left
        if self.choice is Choice.B:
            return self.right
        return None

    @property
    def pair(self) -> tuple[str, str]:
        return ordered_pair(self.left, self.right)

    def label(self) -> str:
        """The verdict in contestant terms: the winner's name, or "tie"."""
        return self.winner or TIE


def ordered_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def left_side(seed: int, item_id: str, first: str, second: str) -> str:
    """Which of two contestants is shown as A for an item: random-looking, but the same for
    the same run, item and pair, so a reopened review shows the same sides."""
    a, b = ordered_pair(first, second)
    digest = hashlib.sha256(f"{seed}\x1f{item_id}\x1f{a}\x1f{b}".encode()).digest()
    return a if digest[0] % 2 == 0 else b


def latest_votes(votes: Iterable[Vote]) -> list[Vote]:
    """The last vote of each reviewer on each item and pair (a changed mind replaces the
    first), in the order they were first cast."""
    kept: dict[tuple[str, str, tuple[str, str]], Vote] = {}
    for vote in votes:
        kept[(vote.reviewer, vote.item_id, vote.pair)] = vote
    return list(kept.values())


# -- win rates ------------------------------------------------------------------------------


def wilson_interval(successes: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval for a proportion successes/n; (0, 1) when n is 0.

    centre = (p + z²/2n) / (1 + z²/n), half width = z/(1 + z²/n) · √(p(1-p)/n + z²/4n²)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class PairTally:
    """Rounds between two contestants, counted from `first`'s side."""

    first: str
    second: str
    wins: int = 0
    ties: int = 0
    losses: int = 0

    @property
    def rounds(self) -> int:
        return self.wins + self.ties + self.losses

    @property
    def win_rate(self) -> float:
        return (self.wins + self.ties / 2) / self.rounds if self.rounds else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.wins + self.ties / 2, self.rounds)


def tally_pairs(
    votes: Iterable[Vote], order: Sequence[str] = (), *, include: set[str] | None = None
) -> list[PairTally]:
    """Win/tie/loss per pair of contestants. `order` says who is "first" in a pair (the
    earlier one; by default names sort); `include` limits to these item ids."""
    rank = {name: i for i, name in enumerate(order)}
    counts: dict[tuple[str, str], Counter[str]] = {}
    for vote in votes:
        if include is not None and vote.item_id not in include:
            continue
        a, b = sorted(vote.pair, key=lambda n: (rank.get(n, len(rank)), n))
        c = counts.setdefault((a, b), Counter())
        winner = vote.winner
        c["wins" if winner == a else "losses" if winner == b else "ties"] += 1
    return [
        PairTally(a, b, c["wins"], c["ties"], c["losses"])
        for (a, b), c in sorted(
            counts.items(), key=lambda kv: (rank.get(kv[0][0], 99), rank.get(kv[0][1], 99), kv[0])
        )
    ]


# -- agreement --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    compared: int  # items rated by both
    agreed: int
    percent: float  # 0..100
    kappa: float | None  # None when nothing was compared


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's κ = (pₒ − pₑ) / (1 − pₑ): observed agreement against the agreement two raters
    with these label frequencies would reach by chance."""
    if len(first) != len(second) or not first:
        raise ValueError("two equally long, non-empty label lists are needed")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[k] * count_b[k] for k in count_a.keys() | count_b.keys()) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def agreement(judge: Iterable[Vote], humans: Iterable[Vote]) -> Agreement:
    """How often the judge's verdict matches each human vote on the same item and pair
    (every human vote is one comparison, so two reviewers count twice)."""
    verdicts = {(v.item_id, v.pair): v.label() for v in judge}
    first: list[str] = []
    second: list[str] = []
    for vote in humans:
        label = verdicts.get((vote.item_id, vote.pair))
        if label is not None:
            first.append(label)
            second.append(vote.label())
    if not first:
        return Agreement(0, 0, 0.0, None)
    agreed = sum(a == b for a, b in zip(first, second, strict=True))
    return Agreement(len(first), agreed, 100.0 * agreed / len(first), cohen_kappa(first, second))


def judge_verdict(
    item_id: str, first: str, second: str, first_as_a: Choice, second_as_a: Choice,
    judge: str,
) -> Vote | None:
    """The judge's vote when it was asked twice, `first` shown as A and then `second` as A;
    None when the two orders disagree (a verdict that flips with the order is position bias,
    not a judgement)."""

    def winner(choice: Choice, a: str, b: str) -> str | None:
        return a if choice is Choice.A else b if choice is Choice.B else None

    one = winner(first_as_a, first, second)
    two = winner(second_as_a, second, first)
    if one != two:
        return None
    choice = Choice.TIE if one is None else Choice.A if one == first else Choice.B
    return Vote(item_id, first, second, choice, judge)
