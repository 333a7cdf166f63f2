"""An AI judge: a chat model rating two answers with a rubric the user can edit. Qt-free.

The judge sees the question, the reference answer and the two answers labelled A and B,
and is asked to end with one word: A, B or TIE. The runner asks twice with the answers
swapped; `eval_stats.judge_verdict` keeps a verdict only when both orders agree.
"""

from __future__ import annotations

import re
from typing import Any

from fine_tune_studio.core.eval_stats import Choice
from fine_tune_studio.core.i18n import LocalizedText as T

DEFAULT_RUBRIC = T(
    en="A better answer states the facts of the reference answer correctly, is polite, and "
    "answers in the language of the question. Length and style matter less than correctness.",
    zh_TW="較好的回答要正確說出參考答案中的事實、有禮貌，並用提問所用的語言回答。"
    "正確性比長度和文筆更重要。",
)

_INSTRUCTIONS = (
    "You compare two answers to the same question for a domain expert.\n"
    "Rubric: {rubric}\n\n"
    "Question:\n{question}\n\n"
    "Reference answer (what an expert wrote):\n{reference}\n\n"
    "Answer A:\n{a}\n\n"
    "Answer B:\n{b}\n\n"
    "Think briefly, then end your reply with one line holding only A, B or TIE."
)

_LAST_WORD = re.compile(r"\b(A|B|TIE)\b", re.IGNORECASE)


def judge_messages(
    rubric: str, question: str, reference: str, answer_a: str, answer_b: str
) -> list[dict[str, Any]]:
    return [
        {
            "role": "user",
            "content": _INSTRUCTIONS.format(
                rubric=rubric.strip(), question=question, reference=reference,
                a=answer_a, b=answer_b,
            ),
        }
    ]


def parse_judge_reply(text: str) -> Choice | None:
    """The last A / B / TIE in the reply (what its final line says), or None."""
    found = _LAST_WORD.findall(text)
    if not found:
        return None
    word = found[-1].upper()
    return Choice.TIE if word == "TIE" else Choice(word)
