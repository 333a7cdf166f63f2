"""Automatic measures: width-folded exact match and character chrF, suited to Chinese."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.eval_scoring import chrf, exact_match, score_contestant


def test_exact_match_ignores_width_and_spaces_but_not_words() -> None:
    reference = "可以，請到 2 號航廈（B 區）辦理。"
    assert exact_match("可以,請到2號航廈(B區)辦理.", reference)
    assert exact_match(" 可以，請到２號航廈（Ｂ區）辦理。\n", reference)
    assert not exact_match("不行，請到 2 號航廈（B 區）辦理。", reference)


def test_chrf_is_one_for_the_same_text_and_falls_with_changes() -> None:
    reference = "豬肉製品不得攜帶入境，違者最高罰款新臺幣一百萬元。"
    assert chrf(reference, reference) == pytest.approx(1.0)
    close = chrf("豬肉製品不可以攜帶入境，違者最高罰款一百萬元。", reference)
    far = chrf("歡迎搭乘本航班，祝您旅途愉快。", reference)
    assert 0.5 < close < 1.0
    assert far < 0.2
    assert chrf("", reference) == 0.0


def test_a_contestant_is_scored_over_what_it_answered() -> None:
    scores = score_contestant("m", [("答案一", "答案一"), ("不同", "答案二")])
    assert scores.answered == 2
    assert scores.exact_match == 0.5
    assert scores.mean_answer_chars == 2.5
