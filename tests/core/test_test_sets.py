"""Test sets: tags, setting examples aside (seeded, stratified), leakage, uploads without tags."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from fine_tune_studio.core.export import export_jsonl
from fine_tune_studio.core.test_sets import (
    find_leaks,
    paired_test_set_path,
    read_test_items,
    set_aside,
    strip_app_keys,
)
from fine_tune_studio.core.training_files import jsonl
from fine_tune_studio.core.validation import check_line
from tests.support.test_files import AIRPORT_FAQ


def line(question: str, answer: str, tags: list[str] | None = None) -> str:
    obj: dict[str, object] = {"messages": [
        {"role": "system", "content": "你是機場客服。"},
        {"role": "user", "content": question},
        {"role": "assistant", "content": answer},
    ]}
    if tags is not None:
        obj["tags"] = tags
    return json.dumps(obj, ensure_ascii=False)


def test_tags_are_accepted_by_the_checks_and_stripped_before_any_upload(tmp_path: Path) -> None:
    tagged = line("行李限重多少?", "經濟艙 23 公斤。", ["行李"])
    assert check_line(tagged, 1).issues == ()
    # Anything but a list of words is still pointed out.
    assert check_line(line("q", "a").replace('"messages"', '"tags":5,"messages"'), 1).issues
    stripped = json.loads(strip_app_keys(tagged.encode()))
    assert "tags" not in stripped and stripped["messages"][1]["content"] == "行李限重多少?"
    plain = line("q", "a").encode()
    assert strip_app_keys(plain) is plain  # untouched, never re-serialised
    uploaded = jsonl([tagged.encode(), plain])
    assert b"tags" not in uploaded and "行李限重".encode() in uploaded
    result = export_jsonl([tagged], tmp_path / "out.jsonl")
    assert b'"tags"' not in result.train_path.read_bytes()


def test_set_aside_is_seeded_stratified_and_keeps_order() -> None:
    lines = [line(f"行李問題{i}", "a", ["行李"]) for i in range(20)]
    lines += [line(f"入境問題{i}", "a", ["入境"]) for i in range(10)]
    lines += ["", "not json"]
    split = set_aside(lines, share=0.2, seed=3)
    assert split == set_aside(lines, share=0.2, seed=3)
    assert split != set_aside(lines, share=0.2, seed=4)
    assert len(split.test) == 6
    tags = Counter(json.loads(lines[i])["tags"][0] for i in split.test)
    assert tags == {"行李": 4, "入境": 2}
    assert sorted(split.train + split.test) == list(range(len(lines)))
    assert split.train == sorted(split.train) and 30 in split.train and 31 in split.train
    assert len(set_aside(lines, count=5, seed=1).test) == 5
    assert len(set_aside(lines, count=500, seed=1).test) == 29  # one always stays


def test_leakage_names_both_locations_after_width_folding() -> None:
    train = [line("可以帶行動電源嗎?", "a"), line("別的", "b")]
    test = [line("新的問題", "c"), line("可以帶行動電源嗎？ ", "a")]
    (leak,) = find_leaks(train, test)
    assert (leak.train_line, leak.test_line) == (1, 2)


def test_the_airport_file_reads_as_test_items() -> None:
    items, unusable = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())
    assert len(items) == 24 and unusable == []
    assert len({i.id for i in items}) == 24
    assert items[0].reference and items[0].question
    assert items[0].prompt[-1]["role"] == "user"
    assert paired_test_set_path(Path("/x/airport.jsonl")) == Path("/x/airport.test.jsonl")
