"""The main window: a sidebar of panels, their pages, menus and a status bar.

Texts are set in `retranslate_ui()`, which runs again on every LanguageChange event, so a
language switch from the Language menu or the settings panel takes effect at once.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio import __version__
from fine_tune_studio.ui.context import AppContext
from fine_tune_studio.ui.help import HelpTopic, show_help
from fine_tune_studio.ui.i18n import SUPPORTED_LANGUAGES, language_display_name
from fine_tune_studio.ui.notices import JobNoticeSource, NoticeBar, notice_for
from fine_tune_studio.ui.panels import (
    SHOWS_ITS_OWN_PANEL,
    PanelSpec,
    PanelWithMenus,
    ReopensLastFile,
    available_panels,
)
from fine_tune_studio.ui.widgets import Retranslating

# The first window: this share of the screen's free area, at least the size the panels are
# laid out for when the screen has room for it.
FIRST_START_SHARE = 0.8
ROOMY_SIZE = QSize(1024, 700)
# The panel whose sidebar entry is marked while a finished job waits to be looked at.
TRAINING_PANEL = "jobs"

log = logging.getLogger(__name__)


def _encode(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _decode(text: str | None) -> QByteArray | None:
    if not text:
        return None
    try:
        return QByteArray(base64.b64decode(text.encode("ascii"), validate=True))
    except ValueError:
        return None


class AboutBox(Retranslating, QMessageBox):
    """Help → About Fine Tune Studio (deleted when closed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        # The main window's texts (their translations are filed under "MainWindow").
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "About Fine Tune Studio"))
        self.setText(
            QCoreApplication.translate("MainWindow", "Fine Tune Studio %1")
            .replace("%1", __version__)
        )
        self.setInformativeText(
            QCoreApplication.translate(
                "MainWindow",
                "Write example conversations, fine-tune a model on them and compare it "
                "with the base model — on this computer or with a provider you choose.",
            )
        )


def first_window_geometry(available: QRect, minimum: QSize) -> QRect:
    """Where the first window goes on a screen whose free area is `available`: 80 % of it,
    at least ROOMY_SIZE where that fits (never more than the screen), centred."""
    width = max(int(available.width() * FIRST_START_SHARE), ROOMY_SIZE.width())
    height = max(int(available.height() * FIRST_START_SHARE), ROOMY_SIZE.height())
    size = QSize(
        max(min(width, available.width()), minimum.width()),
        max(min(height, available.height()), minimum.height()),
    )
    frame = QRect(available.topLeft(), size)
    frame.moveCenter(available.center())
    return frame


class MainWindow(Retranslating, QMainWindow):
    closing = Signal()

    def __init__(
        self,
        context: AppContext,
        panels: list[tuple[PanelSpec, type[QWidget]]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(640, 420))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("panelSidebar")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setFixedWidth(170)
        self.sidebar.setSpacing(2)
        self.pages = QStackedWidget()
        self.notice_bar = NoticeBar()
        self.notice_bar.show_requested.connect(lambda: self.show_panel(TRAINING_PANEL))
        self._unseen_training = False
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        column.addWidget(self.pages, 1)
        layout.addLayout(column, 1)
        self.setCentralWidget(central)

        self.panel_specs: list[PanelSpec] = []
        self.panel_widgets: dict[str, QWidget] = {}
        for spec, cls in panels if panels is not None else available_panels():
            try:
                factory: Any = cls  # panels take (context, parent), unlike QWidget
                widget = factory(context, self)
            except Exception:
                # One broken panel must not keep the others (and settings) from opening.
                log.exception("panel %s failed to start", spec.key)
                continue
            widget.setObjectName(f"{spec.key}Panel")
            self.panel_specs.append(spec)
            self.panel_widgets[spec.key] = widget
            self.pages.addWidget(widget)
            item = QListWidgetItem(self.style().standardIcon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.currentRowChanged.connect(self._panel_shown)

        self.provider_label = QLabel()
        self.provider_label.setObjectName("statusProvider")
        self.statusBar().addPermanentWidget(self.provider_label)
        self._build_menus()
        self.retranslate_ui()
        self._restore_state()

        context.active_provider_changed.connect(self._update_status)
        context.providers_changed.connect(self._update_status)
        context.status_message.connect(self._show_message)
        context.language_changed.connect(self._sync_language_actions)
        context.show_panel_requested.connect(self.show_panel)
        context.show_example_requested.connect(self.show_example)
        context.engine_state_changed.connect(self._engine_state_changed)
        for widget in self.panel_widgets.values():
            if isinstance(widget, JobNoticeSource):
                # Queued: the Training panel records its notice in its own slot first.
                widget.signals.job_finished.connect(
                    lambda key, w=widget: self._job_finished(w, key),
                    Qt.ConnectionType.QueuedConnection,
                )

    # -- menus --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.edit_menu = bar.addMenu("")
        # The panels' own entries (the editor's New, Open…, Save…, Undo…): from any panel
        # they act on their panel and show it.
        for key, widget in self.panel_widgets.items():
            if isinstance(widget, PanelWithMenus):
                entries = widget.menu_entries()
                self._add_entries(self.file_menu, entries.file, key)
                self._add_entries(self.edit_menu, entries.edit, key)
        self.edit_menu.menuAction().setVisible(not self.edit_menu.isEmpty())
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        if self.quit_action.shortcut().isEmpty():  # some platforms define no Quit key
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        if not self.file_menu.isEmpty():
            self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.panel_actions: list[QAction] = []
        for index, spec in enumerate(self.panel_specs):
            action = QAction(self)
            if index < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_panel(key))
            self.view_menu.addAction(action)
            self.panel_actions.append(action)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(lambda: self.show_panel("settings"))
        self.settings_action.setEnabled("settings" in self.panel_widgets)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.settings_action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for lang in ("system", *SUPPORTED_LANGUAGES):
            action = QAction(self, checkable=True)
            action.setData(lang)
            action.triggered.connect(
                lambda _checked=False, lang=lang: self.context.set_language(lang)
            )
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self._sync_language_actions()

        self.help_menu = bar.addMenu("")
        self.help_actions: dict[HelpTopic, QAction] = {}
        for topic in HelpTopic:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, t=topic: show_help(t, self))
            self.help_menu.addAction(action)
            self.help_actions[topic] = action
        self.help_actions[HelpTopic.GETTING_STARTED].setShortcut(
            QKeySequence(QKeySequence.StandardKey.HelpContents)
        )
        self.help_menu.addSeparator()
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _add_entries(
        self, menu: QMenu, entries: tuple[QAction | QMenu | None, ...], key: str
    ) -> None:
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
                entry.triggered.connect(lambda _action, k=key: self.show_panel(k))
            else:
                menu.addAction(entry)
                if entry.property(SHOWS_ITS_OWN_PANEL):
                    continue  # Fine-tune… goes to Training; switching back would hide it
                entry.triggered.connect(lambda _checked=False, k=key: self.show_panel(k))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Fine Tune Studio"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        for row, spec in enumerate(self.panel_specs):
            title = spec.title()
            self.panel_actions[row].setText(title)
        self._update_sidebar()
        for topic, text in (
            (HelpTopic.GETTING_STARTED, self.tr("&Getting started")),
            (HelpTopic.WHICH_METHOD, self.tr("Which &method fits?")),
            (HelpTopic.HOW_MANY_EXAMPLES, self.tr("How many e&xamples?")),
        ):
            self.help_actions[topic].setText(text)
        self.settings_action.setText(self.tr("&Settings…"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions["system"].setText(self.tr("Same as the system"))
        for lang in SUPPORTED_LANGUAGES:
            self.language_actions[lang].setText(language_display_name(lang))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Fine Tune Studio"))
        self._update_status()

    # -- behaviour ----------------------------------------------------------------------

    def _update_sidebar(self) -> None:
        """Panel names, the Training one marked while a finished job waits to be seen."""
        for row, spec in enumerate(self.panel_specs):
            item = self.sidebar.item(row)
            marked = spec.key == TRAINING_PANEL and self._unseen_training
            item.setText(f"{spec.title()}  ●" if marked else spec.title())
            font = item.font()
            font.setBold(marked)
            item.setFont(font)
            item.setToolTip(self.tr("A fine-tuning job has ended") if marked else "")
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """As wide as its longest name (bold, with the ● mark, so it does not jump when a
        job ends): 170 px of sidebar left the panels too little of a 1024 px window."""
        bold = QFont(self.sidebar.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(
            (metrics.horizontalAdvance(f"{spec.title()}  ●") for spec in self.panel_specs),
            default=0,
        )
        self.sidebar.setFixedWidth(max(120, widest + self.sidebar.iconSize().width() + 44))

    def _job_finished(self, source: JobNoticeSource, key: str) -> None:
        if self.current_panel_key() == TRAINING_PANEL and self.isActiveWindow():
            return  # seen where it happened (the panel shows the job's new state)
        notice = notice_for(source, key)
        if notice is not None:
            self.notice_bar.post(notice)
        self._unseen_training = True
        self._update_sidebar()

    def _panel_shown(self, _row: int) -> None:
        if self.current_panel_key() == TRAINING_PANEL:
            self.notice_bar.dismiss()
            if self._unseen_training:
                self._unseen_training = False
                self._update_sidebar()

    def reopen_last_file(self) -> None:
        """On start without a file to open: the panels reopen what the user had open."""
        for widget in self.panel_widgets.values():
            if isinstance(widget, ReopensLastFile):
                widget.reopen_last_file()

    def show_panel(self, key: str) -> bool:
        for row, spec in enumerate(self.panel_specs):
            if spec.key == key:
                self.sidebar.setCurrentRow(row)
                return True
        return False

    def show_example(self, file: str, line: int, field: str) -> None:
        """The editor at one example of a file (opening the file if another is open)."""
        editor: Any = self.panel_widgets.get("editor")
        if editor is None or not self.show_panel("editor"):
            return
        current = getattr(editor.document, "path", None)
        if bool(file) and (current is None or Path(file) != Path(current)):
            editor.start(self._open_then_show(editor, Path(file), line, field))
            return
        editor.jump_to(line, field)

    @staticmethod
    async def _open_then_show(editor: Any, path: Path, line: int, field: str) -> None:
        if await editor.open_path(path):  # False: the user kept the open, unsaved file
            editor.jump_to(line, field)

    def current_panel_key(self) -> str | None:
        row = self.sidebar.currentRow()
        return self.panel_specs[row].key if 0 <= row < len(self.panel_specs) else None

    def show_about(self) -> QMessageBox:
        box = AboutBox(self)
        box.open()
        return box

    def _sync_language_actions(self, *_args: object) -> None:
        action = self.language_actions.get(self.context.language_setting)
        if action is not None:
            action.setChecked(True)

    def _update_status(self, *_args: object) -> None:
        profile = self.context.active_profile()
        if profile is None:
            self.provider_label.setText(self.tr("No provider chosen"))
        else:
            self.provider_label.setText(
                self.tr("Provider: %1").replace(
                    "%1", profile.shown_name(self.context.effective_language))
            )

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _engine_state_changed(self, state: str) -> None:
        texts = {
            "starting": self.tr("Starting the engine on this computer…"),
            "running": self.tr("The engine on this computer is running."),
            "failed": self.tr("The engine on this computer did not start."),
            "stopped": self.tr("The engine on this computer has stopped."),
        }
        if state in texts:
            # "Starting" stays until the outcome replaces it.
            self.statusBar().showMessage(texts[state], 0 if state == "starting" else 8000)

    async def shutdown_panels(self, timeout: float = 15.0) -> None:
        """Let each panel finish up (stop streams, save conversations, wait for autosave):
        a panel's `shutdown()` may be plain or async; one that fails or hangs does not keep
        the others, or the app, from closing."""
        for key, widget in self.panel_widgets.items():
            shutdown = getattr(widget, "shutdown", None)
            if not callable(shutdown):
                continue
            try:
                result = shutdown()
                if inspect.isawaitable(result):
                    await asyncio.wait_for(result, timeout)
            except Exception:
                log.exception("panel %s did not shut down cleanly", key)

    # -- window state -------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self.context.settings
        geometry = _decode(settings.window_geometry)
        if geometry is None or not self.restoreGeometry(geometry):
            self._first_start_size()
        state = _decode(settings.window_state)
        if state is not None:
            self.restoreState(state)
        last = settings.panels.get("shell", {}).get("current_panel")
        if isinstance(last, str) and self.show_panel(last):
            return
        # With nothing configured, start where the first-run choice is offered.
        if not self.context.profiles() and self.show_panel("settings"):
            return
        if self.panel_specs:
            self.sidebar.setCurrentRow(0)

    def _first_start_size(self) -> None:
        """Sized to the screen: a big screen gets a big window, a small one all it has."""
        place = first_window_geometry(self.screen().availableGeometry(), self.minimumSize())
        self.resize(place.size())
        self.move(place.topLeft())

    def save_window_state(self) -> None:
        settings = self.context.settings
        settings.window_geometry = _encode(self.saveGeometry())
        settings.window_state = _encode(self.saveState())
        panels = dict(settings.panels)
        panels["shell"] = {**panels.get("shell", {}), "current_panel": self.current_panel_key()}
        settings.panels = panels
        self.context.save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        try:
            self.save_window_state()
        except Exception:  # never trap the user in a window that cannot close
            log.exception("could not save the window state")
        super().closeEvent(event)
        if event.isAccepted():
            self.closing.emit()
