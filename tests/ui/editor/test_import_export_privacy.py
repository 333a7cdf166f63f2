"""Import from CSV/Excel/paste with a bad row, export with a split, and the privacy check."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from fine_tune_studio.core.validation import validate_path
from fine_tune_studio.ui.editor.export_dialog import ExportDialog
from fine_tune_studio.ui.editor.import_dialog import ImportDialog
from fine_tune_studio.ui.editor.privacy_dialog import PrivacyDialog
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID, dialog_shown, open_dialog


def when_dialog_opens(check: Callable[[Any], None], seen: list[Any]) -> None:
    """Run `check` on the modal dialog the next call opens with exec() (the privacy check)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        check(dialog)

    QTimer.singleShot(0, run)


async def import_shown(expected_problem_rows: list[int]) -> ImportDialog:
    """The import dialog, once its file is read, showing these rows as problems."""
    dialog = await dialog_shown(ImportDialog)
    await until(lambda: not dialog.reading)
    problems = [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]
    for row in expected_problem_rows:
        assert any(text.startswith(f"Row {row}") for text in problems), problems
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
    return dialog


async def accept_import(expected_problem_rows: list[int]) -> ImportDialog:
    dialog = await import_shown(expected_problem_rows)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    return dialog


def test_csv_import_with_a_bad_row(make_editor: Any, tmp_path: Path, run: Any) -> None:
    source = tmp_path / "faq.csv"
    source.write_text(
        "question,answer\n"
        "Where is the taxi stand?,Outside arrivals hall exit 3.\n"
        "Is there a pharmacy?,\n"
        "Can I shower?,Yes: shower rooms in both terminals.\n",
        encoding="utf-8",
    )
    panel = make_editor()
    panel.start(panel.import_dialog(source))
    dialog = run(import_shown([3]))
    # Counted in words a reader expects: one row, two rows.
    assert dialog.problems_label.text().startswith(
        "2 rows become examples. 1 row has a problem and will not be added (row 3)"
    )
    dialog.import_button.click()
    run(until(lambda: len(panel.document) == 2))
    assert "taxi" in panel.document.line_text(0)
    assert "shower" in panel.document.line_text(1)
    panel.undo_action.trigger()
    assert len(panel.document) == 0


def test_xlsx_import_with_a_bad_row_and_mapping(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["編號", "提問", "回答", "系統提示"])
    sheet.append([1, "可以帶水果入境嗎?", "新鮮水果禁止攜帶入境。", "你是機場客服"])
    sheet.append([2, "", "只有答案的一列", None])
    sheet.append([3, "幾點開門?", "24 小時開放。", None])
    source = tmp_path / "faq.xlsx"
    workbook.save(source)

    panel = make_editor()
    panel.import_action.trigger()

    async def choose_file_then_import() -> None:
        dialog = await dialog_shown(ImportDialog)
        assert dialog.table is None  # nothing chosen yet
        dialog.load_path(source)
        await import_shown([3])
        # The mapping was guessed from the Chinese headers: question, answer, system prompt.
        assert dialog.question_box.currentText() == "提問"
        assert dialog.answer_box.currentText() == "回答"
        assert dialog.system_box.currentText() == "系統提示"
        assert dialog.preview.rowCount() == 2
        dialog.import_button.click()
        await until(lambda: len(panel.document) == 2)

    run(choose_file_then_import())
    first = json.loads(panel.document.line_text(0))
    assert first["messages"][0] == {"role": "system", "content": "你是機場客服"}
    second = json.loads(panel.document.line_text(1))
    assert [m["role"] for m in second["messages"]] == ["user", "assistant"]


def test_paste_tab_separated_rows(make_editor: Any, run: Any) -> None:
    panel = make_editor()
    QGuiApplication.clipboard().setText("Q1\tA1\nQ2\t\nQ3\tA3\n")
    panel.paste_action.trigger()
    run(accept_import([2]))
    run(until(lambda: len(panel.document) == 2))


def test_cancelled_import_adds_nothing(make_editor: Any, run: Any) -> None:
    panel = make_editor()
    QGuiApplication.clipboard().setText("Q1\tA1\n")
    panel.paste_action.trigger()

    async def cancel() -> None:
        dialog = await import_shown([])
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        await until(lambda: open_dialog(ImportDialog) is None)

    run(cancel())
    assert len(panel.document) == 0
    assert not panel.is_modified()


PLANTED = {
    "email": "請寄到 chen.mei@example.com 確認",
    "phone": "我的手機 0912-345-678",
    "tw_national_id": "身分證 A123456789",
    "credit_card": "卡號 4111 1111 1111 1111",
    "api_key": "金鑰 sk-proj-Zx81Qw93Lm20Kd84Vn55Tt",
}


def test_privacy_check_finds_each_planted_item_and_jumps(
    make_editor: Any, tmp_path: Path, run: Any
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
    run(until(lambda: not dialog.scanning))
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
    run(until(panel.form.bubbles[0].content_edit.hasFocus))


def test_export_with_a_seeded_split(make_editor: Any, tmp_path: Path, run: Any) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    target = tmp_path / "export" / "train.jsonl"

    async def export() -> None:
        privacy = await dialog_shown(PrivacyDialog)
        await until(lambda: not privacy.scanning)
        assert not privacy.findings and privacy.heading.text().startswith("No e-mail addresses")
        privacy.go_on.click()
        dialog = await dialog_shown(ExportDialog)
        assert "24 examples will be exported" in dialog.findChild(QLabel).text()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        # No file chosen yet: the dialog says so and stays.
        await until(lambda: dialog.message.isVisible())
        assert "Choose where" in dialog.message.text()
        dialog.path_edit.setText(str(target))
        export_button = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        dialog.split_box.setChecked(True)
        # The default share, 10 % of 24, would write a validation file of 2 examples, which
        # providers (and `validate`) refuse: said before writing, with a share that works.
        assert dialog.fraction.value() == 10
        assert dialog.split_note.isVisible() and not export_button.isEnabled()
        assert "keeps 2 apart" in dialog.split_note.text()
        assert "fewer than 10 examples" in dialog.split_note.text()
        assert dialog.use_share_button.text() == "Keep 40 % apart"
        dialog.use_share_button.click()
        assert dialog.fraction.value() == 40
        assert not dialog.split_note.isVisible() and export_button.isEnabled()
        dialog.seed.setValue(3)
        export_button.click()
        # "Exported", not "14": the status line shows the file's path before, and a pytest
        # folder such as /tmp/pytest-of-root/pytest-714 holds "14" too.
        await until(lambda: panel.status_label.text().startswith("Exported"))

    panel.export_action.trigger()
    run(export())
    train = target.read_text(encoding="utf-8").splitlines()
    validation_file = tmp_path / "export" / "train.validation.jsonl"
    validation = validation_file.read_text(encoding="utf-8").splitlines()
    assert (len(train), len(validation)) == (14, 10)
    assert sorted(train + validation) == sorted(VALID.read_text(encoding="utf-8").splitlines())
    assert not validate_path(target).has_errors
    assert not validate_path(validation_file).has_errors  # 10 examples: enough
    assert panel.status_label.text() == (
        "Exported 24 examples: 14 for training, 10 for validation."
    )
    assert open_dialog(ExportDialog) is None


def test_export_says_when_no_share_can_work(make_editor: Any, tmp_path: Path, run: Any) -> None:
    dialog = ExportDialog(VALID.read_text(encoding="utf-8").splitlines()[:15], 0, make_editor())
    dialog.open()
    dialog.split_box.setChecked(True)
    assert "needs at least 20" in dialog.split_note.text() and "there are 15" in (
        dialog.split_note.text()
    )
    assert not dialog.use_share_button.isVisible()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.split_box.setChecked(False)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.close()


def test_going_back_from_the_privacy_check_does_not_export(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    panel.export_action.trigger()

    async def go_back() -> None:
        privacy = await dialog_shown(PrivacyDialog)
        await until(lambda: not privacy.scanning)
        privacy.reject()  # Esc
        await asyncio.sleep(0.05)

    run(go_back())
    assert open_dialog(ExportDialog) is None  # no export dialog followed


def test_dropping_a_csv_opens_the_import(make_editor: Any, tmp_path: Path, run: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    source = tmp_path / "rows.csv"
    source.write_text("問題,回答\n退稅在哪裡辦?,出境大廳的退稅服務台。\n", encoding="utf-8")
    panel = make_editor()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    panel.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    run(accept_import([]))
    run(until(lambda: len(panel.document) == 1))
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


def test_a_workbook_with_several_sheets_offers_a_picker(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["question", "answer"])
    notes.append(["Draft?", "Not ready."])
    faq = workbook.create_sheet("FAQ")
    faq.append(["question", "answer"])
    faq.append(["Where is the taxi stand?", "Outside exit 3."])
    faq.append([None, None])  # an empty row between filled ones
    faq.append(["Is there a pharmacy?", "Yes, in the departure hall."])
    faq.append(["Can I shower?", "Yes, in both terminals."])
    source = tmp_path / "book.xlsx"
    workbook.save(source)

    panel = make_editor()
    panel.start(panel.import_dialog(source))

    async def pick_the_faq_sheet() -> ImportDialog:
        dialog = await import_shown([])
        # The first sheet is read; the picker lists both, in the workbook's order.
        assert dialog.sheet_box.isVisible() and dialog.sheet_label.text() == "Worksheet"
        sheets = [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())]
        assert sheets == ["Notes", "FAQ"] and dialog.sheet_box.currentText() == "Notes"
        assert dialog.preview.rowCount() == 1
        dialog.choose_sheet("FAQ")
        await until(lambda: not dialog.reading and dialog.preview.rowCount() == 3)
        assert dialog.sheet_box.currentText() == "FAQ"
        assert "1 empty row left out." in dialog.problems_label.text()
        dialog.import_button.click()
        await until(lambda: len(panel.document) == 3)
        return dialog

    run(pick_the_faq_sheet())
    assert "pharmacy" in panel.document.line_text(1)


def test_a_single_sheet_or_a_csv_shows_no_picker(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    source = tmp_path / "faq.csv"
    source.write_text("question,answer\nQ1,A1\n", encoding="utf-8")
    panel = make_editor()
    panel.start(panel.import_dialog(source))
    dialog = run(import_shown([]))
    assert not dialog.sheet_box.isVisible() and not dialog.sheet_label.isVisible()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    run(until(lambda: open_dialog(ImportDialog) is None))
