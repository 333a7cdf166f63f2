"""Evaluation statistics against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from fine_tune_studio.core.eval_stats import (
    Choice,
    Vote,
    agreement,
    cohen_kappa,
    judge_verdict,
    latest_votes,
    left_side,
    tally_pairs,
    wilson_interval,
)


def test_wilson_interval_matches_the_hand_computed_values() -> None:
    # 8 of 10, z = 1.96: p = .8, z² = 3.8416, denominator 1.38416,
    # centre = (0.8 + 0.19208) / 1.38416 = 0.716738,
    # half = 1.96 / 1.38416 · √(0.016 + 0.009604) = 0.226580.
    low, high = wilson_interval(8, 10, z=1.96)
    assert low == pytest.approx(0.490158, abs=1e-5)
    assert high == pytest.approx(0.943318, abs=1e-5)
    # 0 of 5: [0, z²/(n + z²)] = [0, 3.8416 / 8.8416].
    low, high = wilson_interval(0, 5, z=1.96)
    assert low == 0.0 and high == pytest.approx(3.8416 / 8.8416, abs=1e-9)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_ties_count_half_and_sides_do_not_matter() -> None:
    votes = [
        Vote("1", "tuned", "base", Choice.A, "amy"),  # tuned wins, shown left
        Vote("2", "base", "tuned", Choice.B, "amy"),  # tuned wins, shown right
        Vote("3", "base", "tuned", Choice.A, "amy"),  # base wins
        Vote("4", "tuned", "base", Choice.TIE, "amy"),
    ]
    (tally,) = tally_pairs(votes, ["tuned", "base"])
    assert (tally.first, tally.wins, tally.ties, tally.losses) == ("tuned", 2, 1, 1)
    assert tally.win_rate == pytest.approx(2.5 / 4)
    assert tally.interval == wilson_interval(2.5, 4)


def test_a_changed_vote_replaces_the_first_and_reviewers_stay_apart() -> None:
    votes = [
        Vote("1", "a", "b", Choice.A, "amy"),
        Vote("1", "a", "b", Choice.B, "ben"),
        Vote("1", "b", "a", Choice.A, "amy"),  # amy changed her mind: b wins
    ]
    kept = latest_votes(votes)
    assert [(v.reviewer, v.winner) for v in kept] == [("amy", "b"), ("ben", "b")]


def test_cohen_kappa_and_percent_agreement_match_a_hand_computed_case() -> None:
    # Ten items. Humans: X×5, Y×3, tie×2; the judge agrees on 7.
    # pₒ = .7, pₑ = (5·5 + 3·3 + 2·2) / 100 = .38, κ = (.7 − .38) / (1 − .38) = .516129.
    human = ["X", "X", "X", "X", "X", "Y", "Y", "Y", "tie", "tie"]
    judge = ["X", "X", "X", "X", "Y", "Y", "Y", "tie", "tie", "X"]
    assert cohen_kappa(judge, human) == pytest.approx(0.32 / 0.62)

    def vote(i: int, label: str, who: str) -> Vote:
        choice = Choice.A if label == "X" else Choice.B if label == "Y" else Choice.TIE
        return Vote(str(i), "X", "Y", choice, who)

    result = agreement(
        [vote(i, label, "judge") for i, label in enumerate(judge)],
        [vote(i, label, "amy") for i, label in enumerate(human)],
    )
    assert (result.compared, result.agreed, result.percent) == (10, 7, 70.0)
    assert result.kappa is not None and math.isclose(result.kappa, 0.516129, abs_tol=1e-6)


def test_a_judge_verdict_counts_only_when_both_orders_agree() -> None:
    # "first" wins shown as A (A), and again shown as B (B): consistent.
    vote = judge_verdict("1", "first", "second", Choice.A, Choice.B, "judge")
    assert vote is not None and vote.winner == "first"
    # Always picks A: position bias, no verdict.
    assert judge_verdict("1", "first", "second", Choice.A, Choice.A, "judge") is None
    tie = judge_verdict("1", "first", "second", Choice.TIE, Choice.TIE, "judge")
    assert tie is not None and tie.winner is None


def test_sides_are_random_per_item_but_stable() -> None:
    sides = [left_side(7, str(i), "tuned", "base") for i in range(40)]
    assert set(sides) == {"tuned", "base"}
    assert sides == [left_side(7, str(i), "base", "tuned") for i in range(40)]
