"""The engine's upload check: odd values give located errors, never "could not be checked",
and a file of many blank lines costs the engine a few bytes a line."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from fine_tune_studio.engine.upload_check import MAX_LISTED_ISSUES, check_upload
from tests.engine.conftest import AIRPORT_FAQ, wait_for_file
from tests.support.engine_fixtures import EngineServer, make_client

SURROGATE = (
    b'{"messages":[{"role":"user","content":"a\\ud800"},{"role":"assistant","content":"b"}]}'
)
HUGE = b'{"messages":[{"role":"user","content":"' + b"a" + b'","weight":' + b"9" * 100_000 + b"}]}"


def test_odd_values_are_located_errors() -> None:
    data = AIRPORT_FAQ.read_bytes() + SURROGATE + b"\n" + HUGE + b"\n"
    first_new = AIRPORT_FAQ.read_bytes().count(b"\n") + 1
    verdict = check_upload(data)
    assert verdict.status == "error" and verdict.kind == "chat"
    details = (verdict.details or "").splitlines()
    assert details[0].startswith(f"line {first_new}, messages[0].content: ")
    assert "\\ud800" in details[0]
    assert details[1].startswith(f"line {first_new + 1}, messages[0].weight: ")
    assert "100,000 digits" in details[1]
    codes = [(i["code"], i["diagnosis"]) for i in verdict.issues]
    assert ("invalid_json", "lone_surrogate") in codes and ("invalid_json", "huge_number") in codes


def test_blank_lines_cost_a_few_bytes_each_and_are_listed_as_one_run() -> None:
    def peak(data: bytes) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            check_upload(data)
            return tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()

    lines = 20_000
    body = AIRPORT_FAQ.read_bytes()
    once = peak(body + b"\n" * lines)
    twice = peak(body + b"\n" * (2 * lines))
    assert (twice - once) / lines < 64  # bytes for each added blank line
    verdict = check_upload(body + b"\n" * lines)
    assert verdict.status == "processed"  # blank lines are warnings
    assert verdict.issues[-1]["line"] == body.count(b"\n") + 1
    assert verdict.issues[-1]["last_line"] == body.count(b"\n") + lines


def test_many_errors_are_listed_up_to_the_limit() -> None:
    # Two problems taking turns: no run, one listed error per line.
    data = b"x\n[]\n" * ((MAX_LISTED_ISSUES + 10) // 2)
    verdict = check_upload(data)
    details = (verdict.details or "").splitlines()
    assert len(details) == MAX_LISTED_ISSUES + 1
    assert details[-1] == "... and 11 more errors"  # 60 lines + the file-level error


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.timeout(900)
async def test_engine_upload_with_a_lone_surrogate_ends_in_a_located_error(
    engine_server: EngineServer,
) -> None:
    async with make_client(engine_server) as client:
        created = await client.files.create(
            file=("odd.jsonl", AIRPORT_FAQ.read_bytes() + SURROGATE + b"\n"), purpose="fine-tune"
        )
        checked = await wait_for_file(client, created.id)
    assert checked.status == "error"
    details = checked.status_details or ""
    assert "could not be checked" not in details
    assert "messages[0].content" in details and "\\ud800" in details
