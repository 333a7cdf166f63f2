"""`fine-tune-studio --self-test`: does this installation (a wheel, a bundle) hold a working app?

It starts Qt offscreen, with its own throw-away settings folder and an in-memory keyring
(nothing of the user's is read or written), and checks what a frozen bundle or a wheel
most easily loses: every panel's code, both languages (ours and Qt's own), the validator
with its token tables, the sample dataset opened and checked in the editor, the keyring's
backend for this platform. It prints one line per check and exits 0 when all passed, 1
otherwise, so CI (and a user asked by support) can run it with no screen.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXAMPLE_TEMPLATE = "airport.zh-TW.jsonl"
CHECK_TIMEOUT_S = 60.0


class _MemoryKeys:
    """Keys for the self-test's own context: it must never touch the user's keyring."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._keys.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._keys[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._keys.pop((service, username), None)


class SelfTest:
    def __init__(self, out: Callable[[str], None] = print) -> None:
        self.out = out
        self.failures: list[str] = []

    def check(self, name: str, passed: bool, detail: str = "") -> bool:
        if passed:
            self.out(f"ok      {name}" + (f" ({detail})" if detail else ""))
        else:
            self.failures.append(name)
            self.out(f"FAILED  {name}" + (f": {detail}" if detail else ""))
        return passed

    def run_check(self, name: str, fn: Callable[[], str | None]) -> None:
        """Run `fn`; it returns a detail for the report or raises to fail the check."""
        try:
            detail = fn() or ""
        except Exception as error:
            self.check(name, False, f"{type(error).__name__}: {error}")
            tail = traceback.format_exc().strip().splitlines()[-3:]
            for line in tail:
                self.out(f"        {line}")
            return
        self.check(name, True, detail)


def template_path() -> Path:
    from fine_tune_studio.paths import resources_dir

    return resources_dir() / "templates" / EXAMPLE_TEMPLATE


def run_self_test(argv: list[str] | None = None) -> int:
    """Returns the process exit code: 0 when every check passed, 1 otherwise."""
    # Offscreen whatever the environment says: the self-test must run without a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from fine_tune_studio import __version__

    test = SelfTest()
    started = time.monotonic()
    kind = "bundle" if getattr(sys, "frozen", False) else "installed package"
    test.out(f"Fine Tune Studio {__version__} self-test "
             f"(Python {sys.version.split()[0]}, {kind})")
    with tempfile.TemporaryDirectory(prefix="fts-self-test-") as home:
        try:
            _run(test, Path(home))
        except Exception as error:  # a check that could not even run is a failure too
            test.check("self-test ran to the end", False, f"{type(error).__name__}: {error}")
            traceback.print_exc()
    seconds = time.monotonic() - started
    if test.failures:
        test.out(f"self-test FAILED ({len(test.failures)} check(s): "
                 f"{', '.join(test.failures)}) in {seconds:.1f} s")
        return 1
    test.out(f"self-test passed in {seconds:.1f} s")
    return 0


def _run(test: SelfTest, home: Path) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    import fine_tune_studio.ui  # noqa: F401  (its import applies the None refcount guard)

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "fts"])
    test.check("Qt starts offscreen", QApplication.platformName() == "offscreen",
               QApplication.platformName())

    import qasync

    from fine_tune_studio.services.keys import KeyStore
    from fine_tune_studio.services.settings_store import AppDirs, SettingsStore
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.i18n import LanguageSwitcher
    from fine_tune_studio.ui.panels import PANEL_SPECS, load_panel_class

    switcher = LanguageSwitcher(app)
    _check_languages(test, switcher)
    switcher.apply("en")

    missing = [spec.key for spec in PANEL_SPECS if load_panel_class(spec) is None]
    test.check("every panel's code is present", not missing,
               f"{len(PANEL_SPECS)} panels" if not missing else f"missing: {', '.join(missing)}")

    test.run_check("validator and token tables", _check_validator)
    test.run_check("keyring backend for this platform", _check_keyring_backend)
    test.run_check("what training on this computer installs", _check_engine_setup_sources)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        store = SettingsStore(AppDirs.under(home))
        keys = KeyStore(backend=_MemoryKeys(), plaintext_path=store.dirs.plaintext_keys_file)
        context = AppContext(
            store,
            key_store=keys,
            engine_factory=None,
            language_switcher=switcher,
            language_override="en",
        )
        from fine_tune_studio.ui.main_window import MainWindow

        window = MainWindow(context)
        window.show()
        test.check("main window opens", window.isVisible(),
                   ", ".join(spec.key for spec in window.panel_specs))
        loop.run_until_complete(_check_editor(test, window))
        window.close()
        loop.run_until_complete(window.shutdown_panels(timeout=10))
        loop.run_until_complete(asyncio.wait_for(context.shutdown(), timeout=15))
        window.deleteLater()
        QCoreApplication.processEvents()
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def _check_languages(test: SelfTest, switcher: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    expected = {"en": "&File", "zh_TW": "檔案(&F)"}
    for lang, text in expected.items():
        switcher.apply(lang)
        ours = [p.name for p in switcher.loaded_files if not p.name.startswith("qt")]
        shown = QCoreApplication.translate("MainWindow", "&File")
        detail = f"{len(ours)} translation files, “&File” → “{shown}”"
        passed = bool(ours) and shown == text
        if lang != "en":
            # Qt's own words (OK, Cancel, the file dialog) come from PySide6's qtbase file.
            has_qt = any(p.name.startswith("qtbase_") for p in switcher.loaded_files)
            detail += ", Qt's own translation " + ("loaded" if has_qt else "MISSING")
            passed = passed and has_qt
        test.check(f"language {lang}", passed, detail)


def _check_validator() -> str:
    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.core.validation import validate_document

    report = validate_document(DatasetDocument.open(template_path()))
    if report.examples == 0 or report.has_errors or report.tokens.total <= 0:
        raise AssertionError(
            f"{report.examples} examples, {report.error_count} errors, "
            f"{report.tokens.total} tokens in the sample dataset"
        )
    return f"sample dataset: {report.examples} examples, {report.tokens.total:,} tokens"


def _check_engine_setup_sources() -> str:
    """"Set up training on this computer…" copies the app's source and reads its
    requirements from its metadata: both must be in the installation (a bundle too)."""
    from fine_tune_studio.services.engine_setup import app_package_folder, engine_requirements

    folder = app_package_folder()
    if not (folder / "engine" / "api" / "app.py").is_file():
        raise FileNotFoundError(f"the engine's source is not in {folder}")
    requirements = engine_requirements()
    if not any(r.replace(" ", "").startswith("torch==") for r in requirements):
        raise LookupError(f"no pinned torch among {requirements}")
    return f"{len(requirements)} packages, the app's source in {folder}"


def _check_keyring_backend() -> str:
    import importlib

    # In a frozen bundle a backend is an easily-missed hidden import; name it for each OS.
    module = {"darwin": "keyring.backends.macOS", "win32": "keyring.backends.Windows"}.get(
        sys.platform, "keyring.backends.SecretService"
    )
    importlib.import_module(module)
    return module


async def _check_editor(test: SelfTest, window: Any) -> None:
    editor = window.panel_widgets.get("editor")
    if editor is None:
        test.check("the editor opens the sample dataset", False, "no editor panel")
        return
    finished = asyncio.Event()
    session = getattr(editor, "session", None)
    signal = getattr(session, "check_finished", None)
    if signal is not None:
        signal.connect(lambda *_args: finished.set())
    template = template_path()
    window.show_panel("editor")
    try:
        opened = await asyncio.wait_for(editor.open_path(template, ask=False), CHECK_TIMEOUT_S)
    except TimeoutError:
        opened = False
    document = getattr(editor, "document", None)
    lines = len(document) if document is not None else 0
    test.check("the editor opens the sample dataset",
               opened and getattr(document, "path", None) == template and lines > 0,
               f"{template.name}, {lines} lines")
    if signal is None:
        test.check("the editor checks it", False, "the editor has no check_finished signal")
        return
    try:
        await asyncio.wait_for(finished.wait(), CHECK_TIMEOUT_S)
    except TimeoutError:
        test.check("the editor checks it", False, f"no result within {CHECK_TIMEOUT_S:g} s")
        return
    test.check("the editor checks it", True)
