"""A training file before upload: one check, the lines the editor shows, the privacy scan
and the held-out split all agree on which example is which."""

from __future__ import annotations

import json

from fine_tune_studio.core.privacy import FindingKind
from fine_tune_studio.core.training_files import (
    MIN_EXAMPLES_PER_FILE,
    check_examples,
    find_personal_data,
    held_out_count,
    jsonl,
    split_for_validation,
)
from fine_tune_studio.core.validation import validate_bytes
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES


def chat(question: str, answer: str) -> bytes:
    line = {"messages": [{"role": "user", "content": question},
                         {"role": "assistant", "content": answer}]}
    return json.dumps(line, ensure_ascii=False).encode()


def pair(question: str) -> bytes:
    line = {
        "input": {"messages": [{"role": "user", "content": question}]},
        "preferred_output": [{"role": "assistant", "content": "好的答案"}],
        "non_preferred_output": [{"role": "assistant", "content": "不知道"}],
    }
    return json.dumps(line, ensure_ascii=False).encode()


def test_one_check_gives_the_same_report_as_the_cli_and_counts_each_kind() -> None:
    data = AIRPORT_FAQ_WITH_MISTAKES.read_bytes()
    checked = check_examples(data, AIRPORT_FAQ_WITH_MISTAKES.name, model="gpt-4o-mini-2024-07-18")
    reference = validate_bytes(data, model="gpt-4o-mini-2024-07-18")
    assert checked.report.to_json_dict() == {
        **reference.to_json_dict(), "file": AIRPORT_FAQ_WITH_MISTAKES.name
    }
    assert sum(checked.kinds.values()) == reference.examples
    assert checked.kinds.get("invalid", 0) > 0 and checked.kinds["chat"] > 0


def test_preference_files_are_told_apart_from_chat_files() -> None:
    pairs = b"\n".join(pair(f"問題 {i}") for i in range(3)) + b"\n"
    assert check_examples(pairs, "pairs.jsonl", model="gpt-4o-mini").is_preference
    chats = AIRPORT_FAQ.read_bytes()
    assert not check_examples(chats, "faq.jsonl", model="gpt-4o-mini").is_preference


def test_findings_and_exclusion_use_the_editors_line_numbers() -> None:
    # A BOM, CRLF endings and a blank line: the editor numbers physical lines from 1.
    lines = [chat("幾點開門?", "24 小時開放。"), b"", chat("聯絡誰?", "請撥 0912-345-678。"),
             chat("寄到哪?", "service@example.com")]
    data = b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n"
    checked = check_examples(data, "faq.jsonl", model="gpt-4o-mini")
    assert [line for line, _raw in checked.examples] == [1, 3, 4]

    findings = find_personal_data(checked)
    assert [(f.line, f.path, f.kind) for f in findings] == [
        (3, "messages[1].content", FindingKind.phone),
        (4, "messages[1].content", FindingKind.email),
    ]
    kept = checked.without_lines({f.line for f in findings})
    assert kept.example_lines() == [lines[0]]
    assert jsonl(kept.example_lines()) == lines[0] + b"\n"  # no \r, no BOM, one per line


def test_split_is_repeatable_and_keeps_enough_on_each_side() -> None:
    lines = [chat(f"問題 {i}", f"答案 {i}") for i in range(25)]
    train, valid = split_for_validation(lines, 0.1, seed=7)
    assert (len(train), len(valid)) == (15, MIN_EXAMPLES_PER_FILE)
    assert split_for_validation(lines, 0.1, seed=7) == (train, valid)
    assert sorted(train + valid) == sorted(lines)
    assert split_for_validation(lines[:19], 0.5, seed=7) == (lines[:19], [])


def test_a_hold_out_gives_each_part_enough_even_when_the_share_is_small() -> None:
    assert held_out_count(24, 0.1) == MIN_EXAMPLES_PER_FILE  # 2.4 would be too few
    assert held_out_count(200, 0.1) == 20
    assert held_out_count(30, 0.5) == 15
    assert held_out_count(19, 0.1) == 0  # not enough for two parts
    assert held_out_count(200, 0.0) == 0
    lines = [chat(f"問題 {i}", f"答案 {i}") for i in range(24)]
    assert len(split_for_validation(lines, 0.1, seed=1)[1]) == held_out_count(24, 0.1)

