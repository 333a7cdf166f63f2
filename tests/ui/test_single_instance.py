"""One window per user: `fine-tune-studio FILE` while the app runs hands FILE to the running
window and exits, instead of opening a second app. Two real processes, offscreen."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fine_tune_studio.ui.single_instance import InstanceServer, hand_over, server_name
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

pytestmark = pytest.mark.slow


def app_env(home: Path) -> dict[str, str]:
    return {**os.environ, "FINE_TUNE_STUDIO_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def wait_for_log(log: Path, text: str, process: subprocess.Popen[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8") if log.exists() else ""
        if text in content:
            return content
        if process.poll() is not None:
            raise AssertionError(f"the app ended ({process.returncode}) before: {text}")
        time.sleep(0.1)
    raise AssertionError(f"not in the log within {timeout} s: {text}")


def test_a_second_launch_hands_its_file_to_the_running_window(tmp_path: Path) -> None:
    home = tmp_path / "home"
    log = home / "log" / "fine-tune-studio.log"
    first = subprocess.Popen([sys.executable, "-m", "fine_tune_studio.cli", str(AIRPORT_FAQ)],
                             env=app_env(home), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_log(log, f"opened {AIRPORT_FAQ} in the editor", first)
        second = subprocess.run(
            [sys.executable, "-m", "fine_tune_studio.cli", str(AIRPORT_FAQ_WITH_MISTAKES)],
            env=app_env(home), capture_output=True, text=True, timeout=60, check=False)
        assert second.returncode == 0, second.stderr
        content = wait_for_log(log, f"opened {AIRPORT_FAQ_WITH_MISTAKES} in the editor", first)
        assert content.count("starting") == 1, "one app, not two"
        assert first.poll() is None, "the first window is still open"
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    assert "shutdown complete" in log.read_text(encoding="utf-8")


def test_a_socket_left_by_a_crashed_app_does_not_block_the_next(
    qapp: object, tmp_path: Path
) -> None:
    from PySide6.QtCore import QDir

    name = server_name(tmp_path)
    stale = Path(QDir.tempPath()) / name
    with socket.socket(socket.AF_UNIX) as crashed:  # bound, never unlinked: a kill -9
        crashed.bind(str(stale))
    assert stale.exists()
    assert not hand_over(name, ["x.jsonl"])  # nobody answers there
    server = InstanceServer(name)
    try:
        assert server.listen()
    finally:
        server.close()


def test_each_user_folder_has_its_own_instance(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert len(server_name(tmp_path / ("x" * 300))) < 60  # fits a Unix socket path


def test_a_file_opened_from_the_finder_opens_in_the_editor(
    qtbot: object, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: object
) -> None:
    """macOS hands a double-clicked file to the running app as a FileOpen event."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from fine_tune_studio.ui.app import FileOpenEvents
    from fine_tune_studio.ui.main_window import MainWindow

    window = MainWindow(make_ui_context())  # type: ignore[operator]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    app = QCoreApplication.instance()
    assert app is not None
    events = FileOpenEvents(window)
    app.installEventFilter(events)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(AIRPORT_FAQ)))
    finally:
        app.removeEventFilter(events)
    editor = window.panel_widgets["editor"]
    assert window.current_panel_key() == "editor"
    # The editor reads the file on a worker thread; wait for it like a user would.
    qasync_loop.run_until_complete(
        until(lambda: getattr(editor.document, "path", None) == AIRPORT_FAQ)
    )
    assert Path(editor.document.path) == AIRPORT_FAQ  # type: ignore[attr-defined]
    qasync_loop.run_until_complete(editor.shutdown())  # type: ignore[attr-defined]
