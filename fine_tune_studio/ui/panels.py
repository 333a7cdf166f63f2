"""The one list of panels the main window shows, each imported only if it exists.

Panels are built in parallel by different rooms; a panel whose package is not there yet
(or fails to import) is left out instead of showing an empty page. A panel is a QWidget
class taking `(context: AppContext, parent=None)`, exported from its package under the
class name given here (or from a `panel` module inside it).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStyle, QWidget

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PanelSpec:
    key: str
    module: str
    class_name: str
    title: Callable[[], str]
    icon: QStyle.StandardPixmap


def _title(text: str) -> Callable[[], str]:
    # Resolved at display time so a language switch renames the panels too.
    return lambda: QCoreApplication.translate("Panels", text)


# lupdate reads these spelled-out calls; _title() re-translates the same source text.
_ = (
    QCoreApplication.translate("Panels", "Examples"),
    QCoreApplication.translate("Panels", "Training"),
    QCoreApplication.translate("Panels", "Try it"),
    QCoreApplication.translate("Panels", "Evaluate"),
    QCoreApplication.translate("Panels", "Providers"),
)

PANEL_SPECS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "editor", "fine_tune_studio.ui.editor", "EditorPanel", _title("Examples"),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
    PanelSpec(
        "jobs", "fine_tune_studio.ui.jobs", "JobsPanel", _title("Training"),
        QStyle.StandardPixmap.SP_MediaPlay,
    ),
    PanelSpec(
        "playground", "fine_tune_studio.ui.playground", "PlaygroundPanel", _title("Try it"),
        QStyle.StandardPixmap.SP_MessageBoxQuestion,
    ),
    PanelSpec(
        "evaluation", "fine_tune_studio.ui.evaluation", "EvaluationPanel", _title("Evaluate"),
        QStyle.StandardPixmap.SP_DialogApplyButton,
    ),
    PanelSpec(
        "settings", "fine_tune_studio.ui.settings", "SettingsPanel", _title("Providers"),
        QStyle.StandardPixmap.SP_ComputerIcon,
    ),
)


# A QAction property: set on an action that takes the user to another panel itself
# (Fine-tune… opens Training), so the window does not show the action's own panel after it.
SHOWS_ITS_OWN_PANEL = "showsItsOwnPanel"


@dataclass(frozen=True)
class MenuEntries:
    """What a panel adds to the main window's menus: actions, submenus, None for a line.

    The window shows the panel when one of them is used from elsewhere (unless the action
    has SHOWS_ITS_OWN_PANEL); an action with the window-wide shortcut context
    (`Qt.WindowShortcut`) then works from every panel."""

    file: tuple[QAction | QMenu | None, ...] = ()
    edit: tuple[QAction | QMenu | None, ...] = ()


@runtime_checkable
class PanelWithMenus(Protocol):
    """A panel whose actions belong in the main window's File and Edit menus (the editor)."""

    def menu_entries(self) -> MenuEntries: ...


@runtime_checkable
class ReopensLastFile(Protocol):
    """A panel that opens the file the user had open last time (the editor), on start."""

    def reopen_last_file(self) -> None: ...


def load_panel_class(spec: PanelSpec) -> type[QWidget] | None:
    """The panel's class, or None when its room has not delivered it (logged, not raised)."""
    for module_name in (spec.module, f"{spec.module}.panel"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name is not None and module_name.startswith(error.name):
                continue  # the package (or its panel module) does not exist yet
            log.exception("panel %s cannot be imported", spec.key)
            return None
        except Exception:
            log.exception("panel %s cannot be imported", spec.key)
            return None
        cls = getattr(module, spec.class_name, None)
        if isinstance(cls, type) and issubclass(cls, QWidget):
            return cls
    log.info("panel %s is not available yet", spec.key)
    return None


def available_panels(
    specs: tuple[PanelSpec, ...] = PANEL_SPECS,
) -> list[tuple[PanelSpec, type[QWidget]]]:
    found = []
    for spec in specs:
        cls = load_panel_class(spec)
        if cls is not None:
            found.append((spec, cls))
    return found
