"""The app shell as a user meets it: the window and its panels, menus and shortcuts, the
language switch, remembered window state, the error dialog, and a clean quit."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from qasync import asyncSlot

from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.keys import KeyStore
from fine_tune_studio.ui.excepthook import ErrorDialogs, setup_logging
from fine_tune_studio.ui.main_window import MainWindow
from fine_tune_studio.ui.panels import PANEL_SPECS, PanelSpec, available_panels, load_panel_class
from fine_tune_studio.ui.settings import SettingsPanel
from tests.support.qt_fixtures import until

REPO = Path(__file__).resolve().parents[2]


def sidebar_labels(window: MainWindow) -> list[str]:
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


def test_window_shows_every_delivered_panel_and_switches_with_shortcuts(
    qtbot, qasync_loop, make_ui_context
) -> None:
    context = make_ui_context()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qasync_loop.run_until_complete(until(window.isActiveWindow))

    delivered = [spec.key for spec, _cls in available_panels()]
    assert "settings" in delivered
    assert sidebar_labels(window) == [
        spec.title() for spec in PANEL_SPECS if spec.key in delivered
    ]
    assert "Providers" in sidebar_labels(window)

    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
    for index, key in reversed(list(enumerate(delivered))):
        qtbot.keyClick(window, digits[index], Qt.KeyboardModifier.ControlModifier)
        assert window.current_panel_key() == key
        assert window.pages.currentWidget() is window.panel_widgets[key]

    window.show_panel(delivered[0])
    assert window.current_panel_key() != "settings"
    settings_action = window.settings_action
    assert settings_action.shortcut().toString() == "Ctrl+,"
    settings_action.trigger()
    assert window.current_panel_key() == "settings"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_a_first_start_opens_where_a_provider_is_chosen(
    qtbot, qasync_loop, make_ui_context
) -> None:
    window = MainWindow(make_ui_context())
    qtbot.addWidget(window)
    window.show()
    assert window.current_panel_key() == "settings"
    settings = window.panel_widgets["settings"]
    assert isinstance(settings, SettingsPanel)
    assert settings.first_run.isVisible()


def test_a_panel_that_is_not_delivered_or_fails_is_left_out(qtbot, make_ui_context) -> None:
    class BrokenPanel(QWidget):
        def __init__(self, context: object, parent: QWidget | None = None) -> None:
            raise RuntimeError("this panel is broken")

    ghost = PanelSpec("ghost", "fine_tune_studio.ui.no_such_room", "GhostPanel",
                      lambda: "Ghost", PANEL_SPECS[0].icon)
    assert load_panel_class(ghost) is None
    settings_spec = next(spec for spec in PANEL_SPECS if spec.key == "settings")
    settings_cls = load_panel_class(settings_spec)
    assert settings_cls is not None

    window = MainWindow(
        make_ui_context(),
        panels=[(settings_spec, settings_cls), (PANEL_SPECS[0], BrokenPanel)],
    )
    qtbot.addWidget(window)
    assert sidebar_labels(window) == ["Providers"]
    assert len(window.panel_actions) == 1


def test_language_menu_switches_the_window_to_chinese_at_once(qtbot, make_ui_context) -> None:
    context = make_ui_context()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.language_actions["zh_TW"].trigger()

    assert "服務商" in sidebar_labels(window)
    assert window.file_menu.title() == "檔案(&F)"
    assert window.quit_action.text() == "結束(&Q)"
    assert window.provider_label.text() == "尚未選擇服務商"
    settings = window.panel_widgets["settings"]
    assert isinstance(settings, SettingsPanel)
    assert settings.test_button.text() == "測試連線"
    # Remembered for the next start.
    saved = json.loads(context.settings_store.path.read_text(encoding="utf-8"))
    assert saved["language"] == "zh_TW"

    window.language_actions["en"].trigger()
    assert "Providers" in sidebar_labels(window)
    assert settings.test_button.text() == "Test connection"


def test_command_line_language_applies_without_changing_the_saved_choice(
    qtbot, make_ui_context
) -> None:
    context = make_ui_context(language_override="zh_TW")
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert "服務商" in sidebar_labels(window)
    assert context.settings.language == "system"


def test_window_size_and_panel_are_restored_after_a_restart(
    qtbot, qasync_loop, make_ui_context
) -> None:
    first = MainWindow(make_ui_context())
    qtbot.addWidget(first)
    first.show()
    first.resize(731, 467)  # fits the offscreen 800x600 screen
    first.show_panel("settings")
    qasync_loop.run_until_complete(until(lambda: first.size().width() == 731))
    first.close()

    second = MainWindow(make_ui_context())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (731, 467)
    assert second.current_panel_key() == "settings"


class _Failing(QObject):
    fire = Signal()

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error
        self.fire.connect(self.work)

    @asyncSlot()
    async def work(self) -> None:
        await asyncio.sleep(0)
        raise self.error


def _dialog_text(box: QMessageBox) -> str:
    return "\n".join((box.text(), box.informativeText(), box.detailedText()))


def test_an_async_slot_failure_opens_a_readable_dialog_without_the_key(
    qtbot, qasync_loop, ui_home: Path, memory_keyring
) -> None:
    stored_key = "my-very-own-unusual-secret-9f8e7d"
    keys = KeyStore(backend=memory_keyring)  # what the key store holds is masked everywhere
    qasync_loop.run_until_complete(keys.set("p1", stored_key))
    openai_shaped = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"
    log_path = ui_home / "log" / "test.log"
    handler = setup_logging(log_path)
    hook = ErrorDialogs(log_path)
    hook.install()
    failing = _Failing(
        RuntimeError(f"request with Authorization: Bearer {stored_key} and {openai_shaped} failed")
    )
    try:
        async def scenario() -> None:
            failing.fire.emit()
            await until(lambda: hook.open_dialogs)

        qasync_loop.run_until_complete(scenario())
    finally:
        hook.uninstall()
        logging.getLogger().removeHandler(handler)
        handler.close()

    box = hook.open_dialogs[0]
    assert box.isVisible()
    shown = _dialog_text(box)
    assert box.text() == "Something went wrong"
    assert "RuntimeError" in shown
    assert str(log_path) in shown
    assert stored_key not in shown and openai_shaped not in shown
    assert "••••" in shown
    logged = log_path.read_text(encoding="utf-8")
    assert "RuntimeError" in logged
    assert stored_key not in logged and openai_shaped not in logged
    box.close()


def test_a_service_error_is_explained_with_a_way_to_another_provider(
    qtbot, qasync_loop, make_ui_context
) -> None:
    context = make_ui_context()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.show_panel("editor" if "editor" in window.panel_widgets else "settings")
    hook = ErrorDialogs(None, parent_window=lambda: window)
    hook.choose_provider = lambda: context.show_panel_requested.emit("settings")
    hook.install()
    failing = _Failing(ServiceError(ErrorKind.FINE_TUNING_CLOSED, status=403,
                                    detail="Fine-tuning is not available for new organizations"))
    try:
        async def scenario() -> None:
            failing.fire.emit()
            await until(lambda: hook.open_dialogs)

        qasync_loop.run_until_complete(scenario())
    finally:
        hook.uninstall()
    box = hook.open_dialogs[0]
    assert box.text() == "OpenAI fine-tuning is closed to you"
    assert "6 January 2027" in box.informativeText()
    assert "This computer" in box.informativeText()
    switch = box.findChild(QPushButton, "chooseProviderButton")
    assert switch is not None and switch.text() == "Choose another provider"
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert window.current_panel_key() == "settings"


def test_quitting_lets_every_panel_finish_even_if_one_fails(
    qtbot, qasync_loop, make_ui_context
) -> None:
    finished: list[str] = []

    class SavesOnQuit(QWidget):
        def __init__(self, context: object, parent: QWidget | None = None) -> None:
            super().__init__(parent)

        async def shutdown(self) -> None:
            await asyncio.sleep(0)
            finished.append("saved")

    class FailsOnQuit(QWidget):
        def __init__(self, context: object, parent: QWidget | None = None) -> None:
            super().__init__(parent)

        def shutdown(self) -> None:
            raise RuntimeError("cannot save")

    first, second = PANEL_SPECS[0], PANEL_SPECS[1]
    window = MainWindow(make_ui_context(), panels=[(first, FailsOnQuit), (second, SavesOnQuit)])
    qtbot.addWidget(window)
    qasync_loop.run_until_complete(window.shutdown_panels())
    assert finished == ["saved"]


def test_shutdown_cancels_background_work(qtbot, qasync_loop, make_ui_context) -> None:
    context = make_ui_context()
    started = asyncio.Event()

    async def endless() -> None:
        started.set()
        await asyncio.sleep(3600)

    async def scenario() -> asyncio.Task[None]:
        task = context.tasks.start(endless())
        await started.wait()
        await context.shutdown()
        return task

    task = qasync_loop.run_until_complete(scenario())
    assert task.cancelled()
    assert context.tasks.pending == 0


@pytest.mark.slow
def test_the_real_app_starts_remembers_and_quits_cleanly(tmp_path: Path) -> None:
    """`fine-tune-studio --lang zh_TW` as a user starts it; a polite kill (what closing
    the session sends) saves the window and ends with exit code 0, leaving no child."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "FINE_TUNE_STUDIO_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "OMP_NUM_THREADS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "fine_tune_studio.cli", "--lang", "zh_TW"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    log_file = home / "log" / "fine-tune-studio.log"
    try:
        deadline = time.monotonic() + 120
        while "main window shown" not in (log_file.read_text() if log_file.exists() else ""):
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            assert time.monotonic() < deadline, "the app did not show its window"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output.decode(errors="replace")
    logged = log_file.read_text()
    assert "main window shown (language zh_TW)" in logged
    assert "shutdown complete" in logged
    saved = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["window_geometry"]
    assert saved["language"] == "system"  # --lang is for one run only
