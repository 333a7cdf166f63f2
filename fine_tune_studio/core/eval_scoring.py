"""Automatic measures of an answer against the test set's reference answer. Qt-free.

- exact match after normalising: NFKC width folding (full-width ，？！（） and letters become
  their half-width forms), the CJK full stop and enumeration comma folded to their
  Western forms, whitespace removed (Chinese does not separate words with spaces, so a
  stray space must not make an answer "different");
- character similarity: chrF (character n-gram F-score, n = 1..6, β = 2) over the same
  normalised text. It needs no word segmentation, so it suits Chinese, and it is linear in
  the answer's length (an edit distance is quadratic);
- answer length in characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

CHRF_ORDER = 6
CHRF_BETA = 2.0

# What NFKC leaves alone but a reader treats as the same punctuation.
_EXTRA_FOLDS = str.maketrans({"。": ".", "、": ",", "「": '"', "」": '"', "『": '"', "』": '"'})
_SPACE = re.compile(r"\s+")


def normalize_answer(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLDS))


def exact_match(answer: str, reference: str) -> bool:
    return normalize_answer(answer) == normalize_answer(reference)


def _ngrams(text: str, n: int) -> Counter[str]:
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def chrf(answer: str, reference: str) -> float:
    """chrF in [0, 1] (Popović 2015): mean n-gram precision P and recall R over n = 1..6
    (orders longer than either text are left out), F = (1+β²)PR / (β²P + R)."""
    hyp, ref = normalize_answer(answer), normalize_answer(reference)
    if not hyp and not ref:
        return 1.0
    if not hyp or not ref:
        return 0.0
    precisions: list[float] = []
    recalls: list[float] = []
    for n in range(1, CHRF_ORDER + 1):
        h, r = _ngrams(hyp, n), _ngrams(ref, n)
        if not h or not r:
            break
        common = sum((h & r).values())
        precisions.append(common / sum(h.values()))
        recalls.append(common / sum(r.values()))
    p = sum(precisions) / len(precisions)
    r_ = sum(recalls) / len(recalls)
    if p == 0 and r_ == 0:
        return 0.0
    beta2 = CHRF_BETA**2
    return (1 + beta2) * p * r_ / (beta2 * p + r_)


Measure = tuple[bool, float]  # exact match, chrF


def measure(answer: str, reference: str) -> Measure:
    """An answer's (exact match, chrF) against its reference: what the report keeps per
    item and contestant."""
    return exact_match(answer, reference), chrf(answer, reference)


@dataclass(frozen=True)
class AutoScores:
    """A contestant's automatic measures over the items it answered."""

    contestant: str
    answered: int
    exact_match: float  # share of answered items, 0..1
    similarity: float  # mean chrF, 0..1
    mean_answer_chars: float


def score_contestant(contestant: str, pairs: Iterable[tuple[str, str]]) -> AutoScores:
    """`pairs`: (answer, reference) for each answered item."""
    n = exact = 0
    similarity = 0.0
    chars = 0
    for answer, reference in pairs:
        n += 1
        exact += exact_match(answer, reference)
        similarity += chrf(answer, reference)
        chars += len(answer.strip())
    if n == 0:
        return AutoScores(contestant, 0, 0.0, 0.0, 0.0)
    return AutoScores(contestant, n, exact / n, similarity / n, chars / n)
