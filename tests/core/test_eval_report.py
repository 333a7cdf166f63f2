"""The report's numbers while a run streams in: answers added to a built report give the
same measures as a report built from all of them."""

from __future__ import annotations

from fine_tune_studio.core.eval_report import ReportData
from fine_tune_studio.core.eval_run import Answer, Contestant, RunSpec
from fine_tune_studio.core.test_sets import read_test_items
from tests.support.test_files import AIRPORT_FAQ

ITEMS = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0]
SPEC = RunSpec(
    test_set=str(AIRPORT_FAQ),
    contestants=[Contestant(name=m, provider_id="p", model=m) for m in ("tuned", "base")],
)


def answers() -> list[Answer]:
    made = []
    for n, item in enumerate(ITEMS):
        # The tuned model knows two answers in three; the base model only echoes.
        tuned = item.reference if n % 3 else f"{item.reference} 謝謝。"
        made.append(Answer(item=item.id, contestant="tuned", answer=tuned, latency=0.1))
        made.append(Answer(item=item.id, contestant="base", answer=f"You said: {item.question}",
                           latency=0.1))
    return made


def test_answers_added_one_batch_at_a_time_give_the_numbers_of_a_whole_report() -> None:
    everything = answers()
    whole = ReportData.build(SPEC, ITEMS, everything).auto_scores()
    streamed = ReportData.build(SPEC, ITEMS, [])
    assert [s.answered for s in streamed.auto_scores()] == [0, 0]
    for start in range(0, len(everything), 7):
        streamed.add_answers(everything[start:start + 7])
        streamed.auto_scores()  # seen between batches, as the panel shows them
    assert len(streamed.answers) == len(everything)
    for got, expected in zip(streamed.auto_scores(), whole, strict=True):
        assert (got.contestant, got.answered) == (expected.contestant, expected.answered)
        assert got.exact_match == expected.exact_match
        assert abs(got.similarity - expected.similarity) < 1e-12
        assert got.mean_answer_chars == expected.mean_answer_chars


def test_an_answer_given_again_replaces_the_first_in_the_numbers() -> None:
    first = [a for a in answers() if a.contestant == "base"]
    data = ReportData.build(SPEC, ITEMS, first)
    assert data.auto_scores()[1].exact_match == 0
    item = ITEMS[0]
    data.add_answers([Answer(item=item.id, contestant="base", answer=item.reference,
                             latency=0.1, params="other settings")])
    base = data.auto_scores()[1]
    assert base.answered == len(ITEMS)
    assert base.exact_match * len(ITEMS) == 1


def test_answers_of_other_questions_or_contestants_are_not_counted() -> None:
    data = ReportData.build(SPEC, ITEMS, [])
    data.auto_scores()
    data.add_answers([
        Answer(item="no such item", contestant="tuned", answer="x", latency=0.1),
        Answer(item=ITEMS[0].id, contestant="not in this run", answer="x", latency=0.1),
    ])
    assert [s.answered for s in data.auto_scores()] == [0, 0]
