"""Blind judging: hide which model wrote which column, record a verdict per turn, tally.

A verdict names the winning letter ("A", "B", ...), a tie, or "both bad". The tally counts,
per model, wins, ties and losses; "both bad" counts as a tie for every model in the round
and is also counted on its own, because "equally good" and "equally bad" mean different
things to the person improving a dataset. Qt-free.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

LETTERS = "ABCD"


class Outcome(StrEnum):
    WIN = "win"
    TIE = "tie"
    BOTH_BAD = "both_bad"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    letter: str | None = None  # the winner when outcome is WIN

    @classmethod
    def win(cls, letter: str) -> Verdict:
        return cls(Outcome.WIN, letter)

    @classmethod
    def tie(cls) -> Verdict:
        return cls(Outcome.TIE)

    @classmethod
    def both_bad(cls) -> Verdict:
        return cls(Outcome.BOTH_BAD)

    def __str__(self) -> str:
        return self.letter if self.outcome == Outcome.WIN and self.letter else self.outcome


@dataclass(frozen=True)
class BlindAssignment:
    """Which model sits behind which letter. `order[i]` is the model shown as LETTERS[i]."""

    order: tuple[str, ...]

    @classmethod
    def shuffled(cls, models: Sequence[str], seed: int) -> BlindAssignment:
        if not 2 <= len(models) <= len(LETTERS):
            raise ValueError(f"blind judging needs 2 to {len(LETTERS)} models")
        if len(set(models)) != len(models):
            raise ValueError("blind judging needs different models in each column")
        order = list(models)
        random.Random(seed).shuffle(order)
        return cls(tuple(order))

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.order)]

    def model_for(self, letter: str) -> str:
        return self.order[self.letters.index(letter)]

    def letter_for(self, model: str) -> str:
        return self.letters[self.order.index(model)]


@dataclass(frozen=True)
class Judgement:
    conversation_id: str
    turn_index: int
    assignment: BlindAssignment
    verdict: Verdict

    @property
    def winner(self) -> str | None:
        if self.verdict.outcome == Outcome.WIN and self.verdict.letter:
            return self.assignment.model_for(self.verdict.letter)
        return None


@dataclass
class ModelScore:
    model: str
    wins: int = 0
    ties: int = 0
    losses: int = 0
    both_bad: int = 0

    @property
    def rounds(self) -> int:
        return self.wins + self.ties + self.losses


@dataclass
class Tally:
    """The session's judgements; scores are derived so a changed verdict can't leave
    stale counts behind."""

    judgements: list[Judgement] = field(default_factory=list)

    def record(self, judgement: Judgement) -> None:
        """A second verdict for the same turn replaces the first (the user changed mind)."""
        letter = judgement.verdict.letter
        if judgement.verdict.outcome == Outcome.WIN and (
            not letter or letter not in judgement.assignment.letters
        ):
            raise ValueError(f"no column {judgement.verdict.letter!r} in this round")
        self.judgements = [
            j
            for j in self.judgements
            if (j.conversation_id, j.turn_index)
            != (judgement.conversation_id, judgement.turn_index)
        ]
        self.judgements.append(judgement)

    def verdict_for(self, conversation_id: str, turn_index: int) -> Judgement | None:
        for j in self.judgements:
            if (j.conversation_id, j.turn_index) == (conversation_id, turn_index):
                return j
        return None

    def scores(self) -> list[ModelScore]:
        by_model: dict[str, ModelScore] = {}
        for j in self.judgements:
            for model in j.assignment.order:
                score = by_model.setdefault(model, ModelScore(model))
                if j.verdict.outcome == Outcome.WIN:
                    if j.winner == model:
                        score.wins += 1
                    else:
                        score.losses += 1
                else:
                    score.ties += 1
                    if j.verdict.outcome == Outcome.BOTH_BAD:
                        score.both_bad += 1
        return sorted(by_model.values(), key=lambda s: (-s.wins, s.losses, s.model))

    def clear(self) -> None:
        self.judgements.clear()

    # -- export --------------------------------------------------------------------------

    def to_json_dict(self) -> dict[str, object]:
        return {
            "tally": [
                {
                    "model": s.model,
                    "wins": s.wins,
                    "ties": s.ties,
                    "losses": s.losses,
                    "both_bad": s.both_bad,
                }
                for s in self.scores()
            ],
            "judgements": [
                {
                    "conversation_id": j.conversation_id,
                    "turn": j.turn_index + 1,
                    "columns": dict(zip(j.assignment.letters, j.assignment.order, strict=True)),
                    "verdict": str(j.verdict),
                    "winner": j.winner,
                }
                for j in self.judgements
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_json_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, data: str | bytes) -> Tally:
        """Read back what `to_json` wrote (the export is also the saved tally).

        Scores are derived, so only the judgements are read; a malformed one raises
        ValueError (the caller keeps the file aside rather than lose it).
        """
        try:
            items = json.loads(data)["judgements"]
            tally = cls()
            for item in items:
                columns = item["columns"]
                order = tuple(str(columns[letter]) for letter in LETTERS[: len(columns)])
                text = str(item["verdict"])
                verdict = Verdict.win(text) if text in LETTERS else Verdict(Outcome(text))
                tally.record(
                    Judgement(
                        str(item["conversation_id"]),
                        int(item["turn"]) - 1,
                        BlindAssignment(order),
                        verdict,
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a saved tally: {exc}") from exc
        return tally

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["model", "wins", "ties", "losses", "both_bad"])
        for s in self.scores():
            writer.writerow([s.model, s.wins, s.ties, s.losses, s.both_bad])
        return out.getvalue()
