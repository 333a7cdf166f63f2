"""Import from CSV/Excel/paste with a bad row, export with a split, and the privacy check."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from fine_tune_studio.core.validation import validate_path
from fine_tune_studio.ui.editor.export_dialog import ExportDialog
from fine_tune_studio.ui.editor.import_dialog import ImportDialog
from fine_tune_studio.ui.editor.privacy_dialog import PrivacyDialog
from tests.ui.editor.conftest import VALID


def when_dialog_opens(check: Callable[[Any], None], seen: list[Any]) -> None:
    """Run `check` on the modal dialog the next call opens (as the user would see it)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        check(dialog)

    QTimer.singleShot(0, run)


def accept_import(expected_problem_rows: list[int]) -> Callable[[Any], None]:
    def check(dialog: Any) -> None:
        assert isinstance(dialog, ImportDialog)
        problems = [
            dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())
        ]
        for row in expected_problem_rows:
            assert any(text.startswith(f"Row {row}") for text in problems), problems
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()

    return check


def test_csv_import_with_a_bad_row(make_editor: Any, tmp_path: Path) -> None:
    source = tmp_path / "faq.csv"
    source.write_text(
        "question,answer\n"
        "Where is the taxi stand?,Outside arrivals hall exit 3.\n"
        "Is there a pharmacy?,\n"
        "Can I shower?,Yes: shower rooms in both terminals.\n",
        encoding="utf-8",
    )
    panel = make_editor()
    seen: list[Any] = []
    when_dialog_opens(accept_import([3]), seen)
    panel.import_dialog(source)
    assert seen
    assert len(panel.document) == 2
    assert "taxi" in panel.document.line_text(0)
    assert "shower" in panel.document.line_text(1)
    panel.undo_action.trigger()
    assert len(panel.document) == 0


def test_xlsx_import_with_a_bad_row_and_mapping(make_editor: Any, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["編號", "提問", "回答", "系統提示"])
    sheet.append([1, "可以帶水果入境嗎?", "新鮮水果禁止攜帶入境。", "你是機場客服"])
    sheet.append([2, "", "只有答案的一列", None])
    sheet.append([3, "幾點開門?", "24 小時開放。", None])
    source = tmp_path / "faq.xlsx"
    workbook.save(source)

    panel = make_editor()
    seen: list[Any] = []

    def check(dialog: Any) -> None:
        # The mapping was guessed from the Chinese headers: question, answer, system prompt.
        assert dialog.question_box.currentText() == "提問"
        assert dialog.answer_box.currentText() == "回答"
        assert dialog.system_box.currentText() == "系統提示"
        assert dialog.preview.rowCount() == 2
        accept_import([3])(dialog)

    when_dialog_opens(check, seen)
    panel.import_dialog(source)
    assert len(panel.document) == 2
    first = json.loads(panel.document.line_text(0))
    assert first["messages"][0] == {"role": "system", "content": "你是機場客服"}
    second = json.loads(panel.document.line_text(1))
    assert [m["role"] for m in second["messages"]] == ["user", "assistant"]


def test_paste_tab_separated_rows(make_editor: Any) -> None:
    panel = make_editor()
    QGuiApplication.clipboard().setText("Q1\tA1\nQ2\t\nQ3\tA3\n")
    seen: list[Any] = []
    when_dialog_opens(accept_import([2]), seen)
    panel.paste_action.trigger()
    assert len(panel.document) == 2


PLANTED = {
    "email": "請寄到 chen.mei@example.com 確認",
    "phone": "我的手機 0912-345-678",
    "tw_national_id": "身分證 A123456789",
    "credit_card": "卡號 4111 1111 1111 1111",
    "api_key": "金鑰 sk-proj-Zx81Qw93Lm20Kd84Vn55Tt",
}


def test_privacy_check_finds_each_planted_item_and_jumps(
    make_editor: Any, tmp_path: Path, qtbot: Any
) -> None:
    lines = VALID.read_text(encoding="utf-8").splitlines()[:3]
    for kind, text in PLANTED.items():
        role = "assistant" if kind in {"phone", "api_key"} else "user"
        messages = [{"role": "user", "content": "問題"}, {"role": "assistant", "content": "回答"}]
        messages[1 if role == "assistant" else 0]["content"] = text
        lines.append(json.dumps({"messages": messages}, ensure_ascii=False))
    path = tmp_path / "planted.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    panel = make_editor(path)

    panel.privacy_action.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PrivacyDialog) and dialog.isVisible()
    # It opened at once; the scan runs on a worker thread and the window keeps painting.
    assert dialog.scanning and "Looking for personal data" in dialog.heading.text()
    assert not dialog.go_on.isEnabled()
    qtbot.waitUntil(lambda: not dialog.scanning)
    rows = [
        [item.text(c) for c in range(4)]
        for item in (dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount()))
        if item is not None
    ]
    assert [(r[0], r[1]) for r in rows] == [
        ("4", "messages[0].content"),
        ("5", "messages[1].content"),
        ("6", "messages[0].content"),
        ("7", "messages[0].content"),
        ("8", "messages[1].content"),
    ]
    assert [f.finding.kind.value for f in dialog.findings] == list(PLANTED)
    assert dialog.heading.text().startswith("5 possible personal details or secrets")
    # The full value is never repeated in the list; Export offers no "leave out".
    assert all("chen.mei@example.com" not in cell for row in rows for cell in row)
    assert not dialog.exclude_button.isVisible()

    decided: list[str] = []
    dialog.decided.connect(decided.append)
    dialog.list.itemActivated.emit(dialog.list.topLevelItem(3), 0)
    assert decided == ["fix"]  # going to an example means "go back and fix"
    assert not dialog.isVisible()
    assert panel._current_line == 6
    qtbot.waitUntil(panel.form.bubbles[0].content_edit.hasFocus)


def test_export_with_a_seeded_split(make_editor: Any, tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    target = tmp_path / "export" / "train.jsonl"
    seen: list[Any] = []

    def export(dialog: Any) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.path_edit.setText(str(target))
        dialog.split_box.setChecked(True)
        dialog.fraction.setValue(25)
        dialog.seed.setValue(3)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    panel.export_action.trigger()
    privacy = QApplication.activeModalWidget()
    assert isinstance(privacy, PrivacyDialog)
    qtbot.waitUntil(lambda: not privacy.scanning)
    assert not privacy.findings and privacy.heading.text().startswith("No e-mail addresses")
    when_dialog_opens(export, seen)
    privacy.go_on.click()
    assert len(seen) == 1
    train = target.read_text(encoding="utf-8").splitlines()
    validation = (
        (tmp_path / "export" / "train.validation.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert (len(train), len(validation)) == (18, 6)
    assert sorted(train + validation) == sorted(VALID.read_text(encoding="utf-8").splitlines())
    assert not validate_path(target).has_errors
    assert "18" in panel.status_label.text()
    assert seen[0].result() == QDialog.DialogCode.Accepted


def test_going_back_from_the_privacy_check_does_not_export(
    make_editor: Any, tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    panel.export_action.trigger()
    privacy = QApplication.activeModalWidget()
    assert isinstance(privacy, PrivacyDialog)
    qtbot.waitUntil(lambda: not privacy.scanning)
    privacy.reject()  # Esc
    qtbot.wait(50)
    assert QApplication.activeModalWidget() is None  # no export dialog followed


def test_dropping_a_csv_opens_the_import(make_editor: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    source = tmp_path / "rows.csv"
    source.write_text("問題,回答\n退稅在哪裡辦?,出境大廳的退稅服務台。\n", encoding="utf-8")
    panel = make_editor()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    seen: list[Any] = []
    when_dialog_opens(accept_import([]), seen)
    panel.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    assert seen and isinstance(seen[0], ImportDialog)
    assert "退稅" in panel.document.line_text(0)


def test_a_failed_privacy_scan_says_so_instead_of_looking_forever(
    make_editor: Any, tmp_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    def broken(_lines: Any) -> Any:
        raise ValueError("injected")

    monkeypatch.setattr("fine_tune_studio.ui.editor.privacy_dialog.scan_lines", broken)
    panel = make_editor(VALID)
    dialog = panel.privacy_check()
    qtbot.waitUntil(lambda: not dialog.scanning)
    assert "could not finish (injected)" in dialog.heading.text()
    assert dialog.go_on.isEnabled() and dialog.go_on.text() == "Continue anyway"
    assert not dialog.list.isVisible()
    dialog.reject()
