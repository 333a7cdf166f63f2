"""`fine-tune-studio eval run`: answers, summary and report in the out folder, resume after
a real kill, exit codes, and the fine-tune beating its base model on the engine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fine_tune_studio.cli import main
from fine_tune_studio.core.test_sets import read_test_items
from tests.support.answer_server import AnswerServer
from tests.support.engine_fixtures import EngineServer, TrainedJob
from tests.support.test_files import AIRPORT_FAQ

REPO = Path(__file__).resolve().parents[1]
ITEMS = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0]


@pytest.fixture
def server() -> Iterator[AnswerServer]:
    s = AnswerServer({i.question: i.reference for i in ITEMS}).start()
    yield s
    s.stop()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.item_ids: list[str] = []
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value:
                self.urls.append(value)
            if name == "id" and value and value.startswith("item-"):
                self.item_ids.append(value[len("item-"):])


def test_a_run_writes_answers_summary_and_a_report_that_needs_no_network(
    server: AnswerServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main([
        "eval", "run", str(AIRPORT_FAQ), "--base-url", server.base_url,
        "--model", "oracle-1", "--model", "echo-1",
        "--few-shot-from", str(AIRPORT_FAQ), "--few-shot", "2", "--out", str(out),
    ])
    assert code == 0
    # Few-shot examples from the file the test questions come from: each one is a leak.
    assert capsys.readouterr().err.count("is also on line") == 24
    lines = [json.loads(x) for x in (out / "answers.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == 24 * 3
    assert {"item", "contestant", "answer", "latency", "tokens"} <= lines[0].keys()
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["items"] == 24
    by_name = {c["name"]: c for c in summary["contestants"]}
    assert set(by_name) == {"oracle-1", "echo-1", "oracle-1+fewshot:2"}
    assert by_name["oracle-1"]["exact_match"] == 1.0
    assert by_name["echo-1"]["exact_match"] == 0.0
    assert by_name["oracle-1"]["similarity"] > by_name["echo-1"]["similarity"]
    assert by_name["echo-1"]["mean_answer_chars"] > 0
    # The baseline asks the first model too (its examples avoid the test questions: here,
    # where the file is its own test set, none is left to draw).
    baseline_requests = [q for m, q in server.asked if m == "oracle-1"]
    assert len(baseline_requests) == 48
    html = (out / "report.html").read_text("utf-8")
    page = _Page()
    page.feed(html)
    assert page.urls == [] and "http://" not in html and "https://" not in html
    assert "<script" not in html
    assert sorted(page.item_ids) == sorted(i.id for i in ITEMS)
    assert page.tags["svg"] == 0  # no votes yet: no chart
    for item in ITEMS:
        assert item.question.replace("&", "&amp;") in html


def test_bad_arguments_exit_2(server: AnswerServer, tmp_path: Path) -> None:
    base = ["eval", "run", str(AIRPORT_FAQ), "--base-url", server.base_url, "--out",
            str(tmp_path / "o")]
    assert main([*base, "--model", "only-one"]) == 2  # one contestant is no comparison
    assert main([*base, "--model", "a", "--model", "b", "--concurrency", "0"]) == 2
    assert main(["eval", "run", str(tmp_path / "missing.jsonl"), "--base-url", "x",
                 "--model", "a", "--model", "b", "--out", str(tmp_path / "p")]) == 2
    assert main([*base[:-2], "--model", "a"]) == 2  # no --out: argparse says why
    monkey_env = "FTS_TEST_KEY_NOT_SET"
    os.environ.pop(monkey_env, None)
    assert main([*base, "--model", "a", "--model", "b", "--api-key-env", monkey_env]) == 2


def test_a_killed_run_resumes_without_asking_stored_answers_again(tmp_path: Path) -> None:
    s = AnswerServer({i.question: i.reference for i in ITEMS}, delay=0.1).start()
    out = tmp_path / "out"
    args = ["eval", "run", str(AIRPORT_FAQ), "--base-url", s.base_url, "--model", "oracle-1",
            "--model", "echo-1", "--concurrency", "1", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-m", "fine_tune_studio.cli", *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answers = out / "answers.jsonl"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if answers.exists() and answers.read_bytes().count(b"\n") >= 5:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        stored = {(json.loads(x)["item"], json.loads(x)["contestant"])
                  for x in answers.read_text("utf-8").splitlines() if x.strip()}
        assert 5 <= len(stored) < 48
        s.asked.clear()
        assert main(args) == 0
        asked = Counter(s.asked)
    finally:
        s.stop()
    lines = [json.loads(x) for x in answers.read_text("utf-8").splitlines()]
    keys = [(x["item"], x["contestant"]) for x in lines]
    assert len(keys) == len(set(keys)) == 48  # nothing stored twice
    assert sum(asked.values()) == 48 - len(stored)  # nothing stored was asked again
    question_of = {i.id: i.question for i in ITEMS}
    for item, contestant in stored:
        assert asked[(contestant, question_of[item])] == 0


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_fine_tune_matches_the_references_far_more_often_than_its_base_model(
    engine_server: EngineServer, trained_job: TrainedJob, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FTS_ENGINE_TOKEN", engine_server.token)
    tuned = trained_job.job.fine_tuned_model
    out = tmp_path / "out"
    code = main([
        "eval", "run", str(AIRPORT_FAQ), "--base-url", engine_server.base_url,
        "--api-key-env", "FTS_ENGINE_TOKEN", "--model", engine_server.base_model,
        "--model", tuned, "--max-tokens", "200", "--concurrency", "2", "--out", str(out),
    ])
    assert code == 0, (out / "summary.json").read_text("utf-8")
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    scores = {c["name"]: c for c in summary["contestants"]}
    assert scores[tuned]["exact_match"] >= 0.75
    assert scores[engine_server.base_model]["exact_match"] <= 0.1
    assert scores[tuned]["similarity"] > scores[engine_server.base_model]["similarity"] + 0.4
