"""The editor's actions: where they show (toolbar, menus, the list's context menu), their
words and their keys.

The toolbar holds few buttons, in groups — the file, undo, examples, tools — so that it
fits a 1024-pixel window in both languages; the rest lives in the groups' drop-down menus,
the main window's File and Edit menus (`menu_entries`) and the list's context menu. The
main step, Fine-tune…, is a button of its own beside the toolbar, so it never folds into
the toolbar's "››" overflow.

Shortcuts: New, Open, Save and Save as use the platform's standard keys and work anywhere in
the window (the main window puts them in its File menu, so they work from every panel);
Undo and Redo only while the editor has the focus (a text box there undoes its own typing
first); Duplicate, Delete and Move only while the list has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from fine_tune_studio.ui.panels import SHOWS_ITS_OWN_PANEL, MenuEntries

# The main step's look: the one filled button of the editor.
PRIMARY_STYLE = """
QToolButton#primaryAction {
    background: #1565c0; color: white; font-weight: bold;
    border: 1px solid #0d47a1; border-radius: 4px; padding: 4px 14px;
}
QToolButton#primaryAction:hover { background: #1976d2; }
QToolButton#primaryAction:pressed { background: #0d47a1; }
QToolButton#primaryAction:disabled { background: #b0bec5; border-color: #90a4ae; }
"""


def standard_key(key: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's key for `key`, or `fallback` where the platform has none (Windows
    has no standard Save as)."""
    sequence = QKeySequence(key)
    return sequence if not sequence.isEmpty() else QKeySequence(fallback)


class EditorActions(QObject):
    """Every action of the editor, made without connections (the panel connects them)."""

    def __init__(self, panel: QWidget, list_view: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel

        def make(
            shortcut: QKeySequence | None = None,
            context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
            on: QWidget | None = None,
        ) -> QAction:
            act = QAction(panel)
            if shortcut is not None:
                act.setShortcut(shortcut)
                act.setShortcutContext(context)
            (on or panel).addAction(act)
            return act

        children = Qt.ShortcutContext.WidgetWithChildrenShortcut
        only_the_list = Qt.ShortcutContext.WidgetShortcut
        self.new = make(standard_key(QKeySequence.StandardKey.New, "Ctrl+N"))
        self.open = make(standard_key(QKeySequence.StandardKey.Open, "Ctrl+O"))
        self.save = make(standard_key(QKeySequence.StandardKey.Save, "Ctrl+S"))
        self.save_as = make(standard_key(QKeySequence.StandardKey.SaveAs, "Ctrl+Shift+S"))
        self.undo = make(QKeySequence(QKeySequence.StandardKey.Undo), children)
        self.redo = make(QKeySequence(QKeySequence.StandardKey.Redo), children)
        self.add = make()
        self.duplicate = make(QKeySequence("Ctrl+D"), only_the_list, list_view)
        self.delete = make(QKeySequence(QKeySequence.StandardKey.Delete), only_the_list, list_view)
        self.move_up = make(QKeySequence("Alt+Up"), only_the_list, list_view)
        self.move_down = make(QKeySequence("Alt+Down"), only_the_list, list_view)
        self.import_file = make()
        self.paste = make()
        self.export = make()
        self.privacy = make()
        self.fine_tune = make(QKeySequence("Ctrl+Shift+T"))
        self.fine_tune.setProperty(SHOWS_ITS_OWN_PANEL, True)

        self.template_menu = QMenu(panel)
        self.recent_menu = QMenu(panel)
        self.import_menu = QMenu(panel)
        self.import_menu.addActions([self.import_file, self.paste])
        self.tools_menu = QMenu(panel)
        self.tools_menu.addActions([self.privacy, self.export])
        self.list_menu = QMenu(panel)
        self.list_menu.addActions([self.add, self.duplicate, self.delete])
        self.list_menu.addSeparator()
        self.list_menu.addActions([self.move_up, self.move_down])
        self._buttons: list[tuple[QToolButton, QMenu, QAction | None]] = []

    # ------------------------------------------------------------------ where they show
    def fill_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._button(toolbar, self.template_menu, self.new)
        self._button(toolbar, self.recent_menu, self.open)
        toolbar.addAction(self.save)
        toolbar.addSeparator()
        toolbar.addAction(self.undo)
        toolbar.addAction(self.redo)
        toolbar.addSeparator()
        toolbar.addAction(self.add)
        self._button(toolbar, self.import_menu, self.import_file)
        toolbar.addSeparator()
        self._button(toolbar, self.tools_menu)

    def primary_button(self, parent: QWidget) -> QToolButton:
        """Fine-tune…, as the editor's one filled button."""
        button = QToolButton(parent)
        button.setObjectName("primaryAction")
        button.setDefaultAction(self.fine_tune)
        button.setStyleSheet(PRIMARY_STYLE)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def add_tool(self, action: QAction) -> None:
        """An action another room gives the editor (the evaluation's "Set aside as test
        set…"): it goes into the Tools menu, before Export."""
        self.tools_menu.insertAction(self.export, action)

    def menu_entries(self, tools: tuple[QAction, ...] = ()) -> MenuEntries:
        return MenuEntries(
            file=(
                self.new, self.template_menu, self.open, self.recent_menu, self.save,
                self.save_as, None, self.import_file, self.paste, self.export, None,
                self.fine_tune,
            ),
            edit=(
                self.undo, self.redo, None, self.add, self.duplicate, self.delete,
                self.move_up, self.move_down, None, self.privacy, *tools,
            ),
        )

    def _button(self, toolbar: QToolBar, menu: QMenu, default: QAction | None = None) -> None:
        """A drop-down: with `default`, a click does it and the arrow opens `menu`."""
        button = QToolButton(toolbar)
        button.setMenu(menu)
        if default is not None:
            button.setDefaultAction(default)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        else:
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(button)
        self._buttons.append((button, menu, default))

    # ------------------------------------------------------------------ words
    def retranslate(self, undo_what: str, redo_what: str) -> None:
        for act, text, short in (
            (self.new, self.tr("New"), None),
            (self.open, self.tr("Open…"), None),
            (self.save, self.tr("Save"), None),
            (self.save_as, self.tr("Save as…"), None),
            (self.add, self.tr("Add example"), self.tr("+ Add example")),
            (self.duplicate, self.tr("Duplicate"), None),
            (self.delete, self.tr("Delete"), None),
            (self.move_up, self.tr("Move up"), None),
            (self.move_down, self.tr("Move down"), None),
            (self.import_file, self.tr("Import a spreadsheet (CSV/Excel)…"), self.tr("Import…")),
            (self.paste, self.tr("Paste rows from a spreadsheet"), None),
            (self.export, self.tr("Export to a JSONL file…"), None),
            (self.privacy, self.tr("Privacy check…"), None),
            # Its own words on the button too: Qt drops a trailing "…" from an action's
            # button text, and the main step should say that a dialog comes first.
            (self.fine_tune, self.tr("Fine-tune…"), self.tr("Fine-tune…")),
        ):
            act.setText(text)
            if short is not None:
                act.setIconText(short)
        self.fine_tune.setToolTip(
            self.tr("Train a model on these examples (opens the Training panel)")
        )
        self.template_menu.setTitle(self.tr("New from template"))
        self.recent_menu.setTitle(self.tr("Open recent"))
        self.import_menu.setTitle(self.tr("Import"))
        self.tools_menu.setTitle(self.tr("Tools"))
        self.retranslate_undo(undo_what, redo_what)
        for button, menu, default in self._buttons:
            if default is None:
                button.setText(menu.title())

    def retranslate_undo(self, undo_what: str, redo_what: str) -> None:
        """"Undo Add example" in menus; only "Undo" on the toolbar, where room is short."""
        for act, word, named, what in (
            (self.undo, self.tr("Undo"), self.tr("Undo %1"), undo_what),
            (self.redo, self.tr("Redo"), self.tr("Redo %1"), redo_what),
        ):
            act.setText(named.replace("%1", what) if what else word)
            act.setIconText(word)
            act.setToolTip(act.text())
