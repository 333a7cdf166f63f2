"""A run folder: everything an evaluation run knows, in files that survive a crash.

    run.json        the RunSpec (written once, atomically, when the run is created)
    answers.jsonl   one line per item and contestant (core.eval_run.Answer)
    failures.jsonl  answers that could not be had, with the error kind
    votes.jsonl     reviewers' votes (a later vote on the same item and pair replaces one)
    judge.jsonl     the AI judge's raw verdicts, one line per order asked

Lines are appended with one `write` on an O_APPEND descriptor, so a killed process leaves
every finished line in the file and at most one torn line at the end, which readers skip.
`sync()` (the runner calls it from a worker thread every few seconds: an fsync can take
tens of milliseconds, too long for a GUI thread) and `close()` fsync the files: a power
cut may lose the last seconds, a crash or a kill loses nothing that was written. Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.eval_report import ReportData, to_html
from fine_tune_studio.core.eval_run import Answer, Failure, RunSpec
from fine_tune_studio.core.eval_scoring import Measure
from fine_tune_studio.core.eval_stats import Choice, Vote, judge_verdict
from fine_tune_studio.core.test_sets import TestItem, read_test_items

SPEC_FILE = "run.json"
ANSWERS_FILE = "answers.jsonl"
FAILURES_FILE = "failures.jsonl"
VOTES_FILE = "votes.jsonl"
JUDGE_FILE = "judge.jsonl"


class _Appender:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def write(self, line: bytes) -> None:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            size = os.fstat(self._fd).st_size
            if size and os.pread(self._fd, 1, size - 1) != b"\n":
                # A crash tore the last line: end it, or the next line would be glued to it.
                os.write(self._fd, b"\n")
        os.write(self._fd, line)

    def sync(self) -> None:
        fd = self._fd
        if fd is not None:
            # Closed meanwhile (the run ended)? Then close() synced it.
            with contextlib.suppress(OSError):
                os.fsync(fd)

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


def read_json_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Every whole JSON object line; a torn last line (a crash mid-write) is skipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    for raw in data.splitlines():
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if isinstance(obj, dict):
            yield obj


class RunFolder:
    """One run's folder. `create` a new one or `open` an existing one."""

    def __init__(self, folder: Path, spec: RunSpec) -> None:
        self.folder = folder
        self.spec = spec
        self._appenders: dict[str, _Appender] = {}

    @classmethod
    def create(cls, folder: Path, spec: RunSpec) -> RunFolder:
        spec.check()
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(
            folder / SPEC_FILE, spec.model_dump_json(indent=2).encode("utf-8"),
            mode=PRIVATE_FILE_MODE,
        )
        return cls(folder, spec)

    @classmethod
    def open(cls, folder: Path) -> RunFolder:
        spec = RunSpec.model_validate_json((folder / SPEC_FILE).read_bytes())
        return cls(folder, spec)

    @classmethod
    def exists(cls, folder: Path) -> bool:
        return (folder / SPEC_FILE).is_file()

    def _append(self, name: str, line: bytes) -> None:
        appender = self._appenders.get(name)
        if appender is None:
            appender = self._appenders[name] = _Appender(self.folder / name)
        appender.write(line)

    def sync(self) -> None:
        """Flush every file to the disk (safe from a worker thread)."""
        for appender in list(self._appenders.values()):
            appender.sync()

    def close(self) -> None:
        for appender in self._appenders.values():
            appender.close()
        self._appenders.clear()

    # -- answers ---------------------------------------------------------------------------

    def add_answer(self, answer: Answer) -> None:
        self._append(ANSWERS_FILE, answer.to_line())

    def add_failure(self, failure: Failure) -> None:
        self._append(FAILURES_FILE, failure.to_line())

    def answers(self) -> list[Answer]:
        found: list[Answer] = []
        for obj in read_json_lines(self.folder / ANSWERS_FILE):
            try:
                found.append(Answer.model_validate(obj))
            except ValueError:
                continue
        return found

    def failures(self, answered: set[tuple[str, str]] | None = None) -> list[Failure]:
        """Failures not answered since (a resumed run may have got the answer later)."""
        if answered is None:
            answered = {(a.item, a.contestant) for a in self.answers()}
        latest: dict[tuple[str, str], Failure] = {}
        for obj in read_json_lines(self.folder / FAILURES_FILE):
            try:
                failure = Failure.model_validate(obj)
            except ValueError:
                continue
            if (failure.item, failure.contestant) not in answered:
                latest[(failure.item, failure.contestant)] = failure
        return list(latest.values())

    # -- votes -----------------------------------------------------------------------------

    def add_vote(self, vote: Vote, *, file: str = VOTES_FILE) -> None:
        line = {
            "item": vote.item_id, "left": vote.left, "right": vote.right,
            "choice": vote.choice.value, "reviewer": vote.reviewer, "note": vote.note,
        }
        self._append(file, json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")

    def votes(self, *, file: str = VOTES_FILE) -> list[Vote]:
        found: list[Vote] = []
        for obj in read_json_lines(self.folder / file):
            try:
                found.append(
                    Vote(
                        str(obj["item"]), str(obj["left"]), str(obj["right"]),
                        Choice(obj["choice"]), str(obj["reviewer"]), str(obj.get("note", "")),
                    )
                )
            except (KeyError, ValueError):
                continue
        return found

    def reviewers(self) -> list[str]:
        return list(dict.fromkeys(v.reviewer for v in self.votes()))

    # -- the judge -------------------------------------------------------------------------

    def add_judge_line(self, line: dict[str, Any]) -> None:
        self._append(JUDGE_FILE, json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")

    def judge_lines(self) -> list[dict[str, Any]]:
        return list(read_json_lines(self.folder / JUDGE_FILE))


def judge_votes(lines: Sequence[Mapping[str, Any]], judge: str) -> list[Vote]:
    """The judge's votes that count: both orders asked, and both agreeing."""
    asked: dict[tuple[str, str, str], dict[str, Choice]] = defaultdict(dict)
    for line in lines:
        if line.get("judge") != judge:
            continue
        try:
            choice = Choice(line["choice"])
        except (KeyError, ValueError):
            continue
        asked[(str(line["item"]), str(line["first"]), str(line["second"]))][
            str(line["order"])
        ] = choice
    votes = []
    for (item, first, second), orders in asked.items():
        if "first_as_a" in orders and "second_as_a" in orders:
            vote = judge_verdict(
                item, first, second, orders["first_as_a"], orders["second_as_a"], judge
            )
            if vote is not None:
                votes.append(vote)
    return votes


# -- reports ----------------------------------------------------------------------------------


def load_items(folder: RunFolder) -> list[TestItem]:
    """The run's test questions, read from its test-set file."""
    items, _unusable = read_test_items(Path(folder.spec.test_set).read_bytes().splitlines())
    return items


def report_data(
    folder: RunFolder, items: list[TestItem], answers: Sequence[Answer] | None = None,
    measures: dict[tuple[str, str], Measure] | None = None,
) -> ReportData:
    """The report of a run as its files say; `answers` (all of them, e.g. kept in memory
    by the panel as they arrive) and `measures` (scores already computed) save work."""
    lines = folder.judge_lines()
    judges = dict.fromkeys(str(line.get("judge")) for line in lines)
    judged = [vote for name in judges for vote in judge_votes(lines, name)]
    answers = folder.answers() if answers is None else answers
    answered = {(a.item, a.contestant) for a in answers}
    failures = [f for f in folder.failures(answered) if (f.item, f.contestant) not in answered]
    return ReportData.build(
        folder.spec, items, answers, failures, folder.votes(), judged, measures
    )


def write_report(data: ReportData, html_path: Path, lang: str) -> list[Path]:
    """The HTML report at `html_path`, and beside it `<stem>.items.csv`, `<stem>.votes.csv`
    and `<stem>.json`. Returns the paths written."""
    stem = html_path.with_suffix("")
    written = [
        (html_path, to_html(data, lang)),
        (stem.with_name(stem.name + ".items.csv"), data.items_csv()),
        (stem.with_name(stem.name + ".votes.csv"), data.votes_csv()),
        (stem.with_name(stem.name + ".json"), data.to_json()),
    ]
    for path, text in written:
        # utf-8-sig for CSV: spreadsheet programs then read the Chinese correctly.
        encoding = "utf-8-sig" if path.suffix == ".csv" else "utf-8"
        atomic_write(path, text.encode(encoding))
    return [path for path, _ in written]
