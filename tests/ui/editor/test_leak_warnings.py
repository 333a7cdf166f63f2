"""A test question that the paired training file also asks is a warning in the editor's
problems list, on either file, naming both places; found off the GUI thread, and found
again when either file is saved."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from fine_tune_studio.paths import resources_dir
from fine_tune_studio.ui.editor import leaks
from fine_tune_studio.ui.editor.leaks import CODE
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID


def leak_rows(panel: Any) -> list[tuple[int | None, str, str]]:
    """(line, field, text) of each leak warning the problems list shows."""
    model = panel.problems.model
    rows = []
    for problem in model.problems:
        if problem.code == CODE:
            line = model.line_of(problem)
            rows.append((None if line is None else line + 1, problem.path, problem.text))
    return rows


def delete_line(panel: Any, index: int) -> None:
    panel.select_line(index)
    panel.delete_selected()


@pytest.fixture
def pair(tmp_path: Path, app_home: Path) -> tuple[Path, Path]:
    """airport.jsonl and its test set, which repeats training lines 3 and 7 (as lines 2
    and 3) after one question of its own."""
    from fine_tune_studio.ui.evaluation.pairs import remember_pair

    training = tmp_path / "airport.jsonl"
    shutil.copyfile(VALID, training)
    lines = training.read_text("utf-8").splitlines()
    own = json.loads(lines[0])
    own["messages"][-2]["content"] = "櫃檯幾點開？"
    test_set = tmp_path / "airport.test.jsonl"
    test_set.write_text(
        "\n".join([json.dumps(own, ensure_ascii=False), lines[2], lines[6]]) + "\n", "utf-8"
    )
    remember_pair(training, test_set)
    return training, test_set


def test_each_leaked_question_is_a_warning_naming_both_files_and_lines(
    make_editor: Any, run: Any, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    training, test_set = pair
    found_on: list[int] = []
    find = leaks.find_leaks_with

    def noting_the_thread(*args: Any) -> Any:
        found_on.append(threading.get_ident())
        return find(*args)

    monkeypatch.setattr(leaks, "find_leaks_with", noting_the_thread)
    panel = make_editor(training)
    run(until(lambda: len(leak_rows(panel)) == 2))
    (line_a, field_a, text_a), (line_b, _field_b, text_b) = leak_rows(panel)
    assert (line_a, line_b) == (3, 7)
    assert "also in the test set: airport.test.jsonl, line 2 (here: airport.jsonl, line 3)" \
        in text_a
    assert "airport.test.jsonl, line 3 (here: airport.jsonl, line 7)" in text_b
    assert field_a == "messages[1].content"  # the question, where a click takes the user
    assert found_on and threading.get_ident() not in found_on
    assert "warning" in panel.problems.heading.text()

    # A click on the warning shows that example with its question.
    row = next(n for n, p in enumerate(panel.problems.model.problems) if p.code == CODE)
    panel.problems.activate_row(row)
    assert panel.table.currentIndex().row() == 2

    # The test set, opened in the editor, shows the same leaks from its side.
    other = make_editor(test_set)
    run(until(lambda: len(leak_rows(other)) == 2))
    assert [line for line, _f, _t in leak_rows(other)] == [2, 3]
    assert "in the training file: airport.jsonl, line 7 (here: airport.test.jsonl, line 3)" \
        in leak_rows(other)[1][2]

    # Saved without one of its leaked questions: both editors see one leak left, this one
    # on its save, the training file's editor because the paired file changed.
    delete_line(other, 1)
    assert run(other.save())
    run(until(lambda: len(leak_rows(other)) == 1 and len(leak_rows(panel)) == 1))
    assert leak_rows(panel)[0][0] == 7
    assert "airport.test.jsonl, line 2 (here: airport.jsonl, line 7)" in leak_rows(panel)[0][2]

    # The training file saved without that question too: no leak is left.
    delete_line(panel, 6)
    assert run(panel.save())
    run(until(lambda: not leak_rows(panel) and not leak_rows(other)))


def test_a_file_without_a_paired_file_has_no_leak_warnings(
    make_editor: Any, run: Any, tmp_path: Path, app_home: Path
) -> None:
    alone = tmp_path / "alone.jsonl"
    shutil.copyfile(VALID, alone)
    panel = make_editor(alone)
    run(until(lambda: not panel.leak_warnings._running))
    assert leak_rows(panel) == []
    assert panel.leak_warnings.paired is None


def test_the_warning_speaks_the_users_language(
    make_editor: Any, run: Any, pair: tuple[Path, Path]
) -> None:
    panel = make_editor(pair[0])
    run(until(lambda: len(leak_rows(panel)) == 2))
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "editor_zh_TW.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        run(until(lambda: "測試集" in leak_rows(panel)[0][2]))
        assert "airport.test.jsonl 第 2 行（這裡：airport.jsonl 第 3 行）" in leak_rows(panel)[0][2]
    finally:
        QCoreApplication.removeTranslator(translator)
