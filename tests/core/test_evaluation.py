"""Blind judging: seeded shuffles, verdicts per turn, the tally and its exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fine_tune_studio.core.evaluation import BlindAssignment, Judgement, Tally, Verdict

MODELS = ["local/base", "local/ft:airport"]


def test_the_shuffle_is_reproducible_and_does_shuffle() -> None:
    first = BlindAssignment.shuffled(MODELS, seed=3)
    assert first == BlindAssignment.shuffled(MODELS, seed=3)
    orders = {BlindAssignment.shuffled(MODELS, seed=s).order for s in range(20)}
    assert orders == {tuple(MODELS), tuple(reversed(MODELS))}
    assert first.model_for(first.letter_for(MODELS[0])) == MODELS[0]


def test_blind_rounds_need_two_to_four_different_models() -> None:
    with pytest.raises(ValueError):
        BlindAssignment.shuffled(MODELS[:1], seed=1)
    with pytest.raises(ValueError):
        BlindAssignment.shuffled([MODELS[0], MODELS[0]], seed=1)


def test_tally_counts_wins_ties_losses_and_both_bad() -> None:
    a = BlindAssignment(("local/ft:airport", "local/base"))
    tally = Tally()
    tally.record(Judgement("c1", 0, a, Verdict.win("A")))
    tally.record(Judgement("c1", 1, a, Verdict.win("B")))
    tally.record(Judgement("c1", 2, a, Verdict.tie()))
    tally.record(Judgement("c1", 3, a, Verdict.both_bad()))
    tally.record(Judgement("c2", 0, BlindAssignment(tuple(MODELS)), Verdict.win("B")))
    scores = {s.model: (s.wins, s.ties, s.losses, s.both_bad) for s in tally.scores()}
    assert scores == {"local/ft:airport": (2, 2, 1, 1), "local/base": (1, 2, 2, 1)}
    assert tally.scores()[0].model == "local/ft:airport"


def test_changing_a_verdict_replaces_it() -> None:
    a = BlindAssignment(tuple(MODELS))
    tally = Tally()
    tally.record(Judgement("c1", 0, a, Verdict.win("A")))
    tally.record(Judgement("c1", 0, a, Verdict.win("B")))
    scores = {s.model: s.wins for s in tally.scores()}
    assert scores == {"local/base": 0, "local/ft:airport": 1}


def test_a_verdict_for_a_missing_column_is_refused() -> None:
    with pytest.raises(ValueError):
        Tally().record(Judgement("c", 0, BlindAssignment(tuple(MODELS)), Verdict.win("C")))


def test_exports_carry_the_same_numbers() -> None:
    a = BlindAssignment(tuple(MODELS))
    tally = Tally()
    tally.record(Judgement("c1", 0, a, Verdict.win("B")))
    data = json.loads(tally.to_json())
    assert data["tally"][0] == {
        "model": "local/ft:airport", "wins": 1, "ties": 0, "losses": 0, "both_bad": 0,
    }
    assert data["judgements"][0]["winner"] == "local/ft:airport"
    assert data["judgements"][0]["columns"] == {"A": "local/base", "B": "local/ft:airport"}
    rows = list(csv.DictReader(io.StringIO(tally.to_csv())))
    assert rows[1] == {
        "model": "local/base", "wins": "0", "ties": "0", "losses": "1", "both_bad": "0",
    }


def test_a_saved_tally_reads_back_with_the_same_scores() -> None:
    from fine_tune_studio.core.evaluation import BlindAssignment, Judgement, Tally, Verdict

    tally = Tally()
    pair = BlindAssignment(("base", "tuned"))
    tally.record(Judgement("c1", 0, pair, Verdict.win("B")))
    tally.record(Judgement("c1", 1, pair, Verdict.tie()))
    tally.record(Judgement("c2", 0, BlindAssignment(("tuned", "base")), Verdict.both_bad()))
    again = Tally.from_json(tally.to_json())
    assert again.judgements == tally.judgements
    assert again.scores() == tally.scores()


def test_a_damaged_tally_is_refused_not_half_read() -> None:
    import pytest

    from fine_tune_studio.core.evaluation import Tally

    for damaged in ('{"judgements": [{"turn": 1}]}', "[]", "{not json"):
        with pytest.raises(ValueError):
            Tally.from_json(damaged)
