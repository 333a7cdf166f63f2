"""Finds text a window cuts off: a button, label or tab narrower than the words it shows.

`cut_texts(window)` looks at every visible QAbstractButton, QLabel and QTabBar tab of the
window (not of its dialogs, which are windows of their own) and returns one line per text
that does not fit. What "fits" means, per kind of widget (the width of the text is the
font's `horizontalAdvance`, with the mnemonic `&` taken out):

- QPushButton: the text (plus its icon, plus a menu arrow) fits inside the style's
  `SE_PushButtonContents` rect; the button's `sizeHint` is not used, since the style pads it
  to at least 80 px and a narrower button with short words is fine.
- QCheckBox, QRadioButton: the text fits between the style's `SE_CheckBoxContents` /
  `SE_RadioButtonContents` left edge and the right edge.
- QToolButton that shows text: its width is at least its `sizeHint` (no padding rule there).
- QLabel without word wrap: plain text fits in `contentsRect()` less the margin and indent;
  rich text needs the label's `sizeHint` (the document's ideal width). With word wrap: the
  label is as tall as `heightForWidth` asks, else its last lines are cut.
- QTabBar: each tab is at least its text plus the style's tab padding wide.
- Any widget with a layout: at least the layout's minimum size, else the layout lays its
  children over each other or past the edge (a field drawn over its label).

The width that counts is what shows: the widget's rect cut by every ancestor's rect up to
the window — a button pushed half out of a panel too narrow for its layout is cut too. Up to
a scroll area's viewport only: what a scroll area hides it hides on purpose (the user
scrolls). Widgets inside item views (editors of table cells) are left out.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetricsF, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 0  # px: the widths above are rounded up already


def shown_text(text: str) -> str:
    """The text as painted: `&&` is an ampersand, a single `&` marks the mnemonic."""
    return re.sub(r"&(&?)", lambda match: match.group(1), text)


def text_width(widget: QWidget, text: str) -> int:
    """Whole pixels the painted words cover: the fractional advance (the integer one rounds
    "Temperature" down by the last pixel of its "e") or the glyphs' ink, whichever is wider."""
    metrics = QFontMetricsF(widget.font())
    return max(
        (math.ceil(max(metrics.horizontalAdvance(line), metrics.boundingRect(line).right()))
         for line in shown_text(text).splitlines()),
        default=0,
    )


def visible_rect(widget: QWidget) -> QRect:
    """The part of the widget (in its own coordinates) that its ancestors do not clip, up to
    the window or the first scroll area's viewport."""
    shown = widget.rect()
    child = widget
    parent = child.parentWidget()
    while parent is not None and not child.isWindow():
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and (
            parent is parent.parentWidget().viewport()  # type: ignore[union-attr]
        ):
            break  # scrolled on purpose
        offset = child.mapTo(parent, shown.topLeft()) - shown.topLeft()
        in_parent = shown.translated(offset).intersected(parent.rect())
        shown = in_parent.translated(-offset)
        child, parent = parent, parent.parentWidget()
    return shown


def _inside_item_view(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _push_button_needs(button: QPushButton) -> tuple[int, int]:
    """(width the words need, width there is for them) inside the button's contents rect."""
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    option.icon = button.icon()
    option.iconSize = button.iconSize()
    if button.isFlat():
        option.features |= QStyleOptionButton.ButtonFeature.Flat
    if button.menu() is not None:
        option.features |= QStyleOptionButton.ButtonFeature.HasMenu
    contents = button.style().subElementRect(
        QStyle.SubElement.SE_PushButtonContents, option, button
    )
    needs = text_width(button, button.text())
    if not button.icon().isNull():
        needs += button.iconSize().width() + 4
    if button.menu() is not None:
        needs += button.style().pixelMetric(
            QStyle.PixelMetric.PM_MenuButtonIndicator, option, button
        )
    return needs, contents.width()


def _check_needs(box: QCheckBox | QRadioButton) -> int:
    option = QStyleOptionButton()
    option.initFrom(box)
    option.text = box.text()
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(box, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonContents)
    contents = box.style().subElementRect(element, option, box)
    needs = contents.left() + text_width(box, box.text())
    if not box.icon().isNull():
        needs += box.iconSize().width() + 4
    return needs


def _label_problem(label: QLabel, shown: QRect) -> str | None:
    text = label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if label.wordWrap():
        needs_height = label.heightForWidth(label.width())
        if needs_height > shown.height() + SLACK:
            return f"{shown.height()} px tall, its lines need {needs_height} px"
        return None
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        document.setDocumentMargin(0)
        needs = int(document.idealWidth() + 0.999)
    else:
        painted = text if label.buddy() is not None else text.replace("&", "&&")
        needs = text_width(label, painted)
    extra = label.width() - label.contentsRect().width() + 2 * max(label.margin(), 0)
    indent = label.indent()
    if indent > 0:
        extra += indent
    has = shown.width() - extra
    if needs > has + SLACK:
        return f"{has} px for words {needs} px wide"
    return None


def _tab_problems(bar: QTabBar, shown: QRect) -> list[str]:
    problems = []
    padding = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        rect = bar.tabRect(index).intersected(shown)
        text = bar.tabText(index)
        needs = text_width(bar, text) + padding
        if not bar.tabIcon(index).isNull():
            needs += bar.iconSize().width() + 4
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            button = bar.tabButton(index, side)
            if button is not None and button.isVisible():
                needs += button.width()
        if text and needs > rect.width() + 1:  # the tab's padding takes a pixel of ink
            problems.append(
                f"tab {index} {shown_text(text)!r}: {rect.width()} px for {needs} px"
            )
    return problems


def _squeezed(widget: QWidget) -> str | None:
    """A widget smaller than its layout's minimum: the layout overlaps or clips its
    children (a field drawn over its label), whatever they are."""
    layout = widget.layout()
    if layout is None:
        return None
    needs = layout.totalMinimumSize()
    if widget.width() + SLACK < needs.width() or widget.height() + SLACK < needs.height():
        return (f"{widget.width()}x{widget.height()} px for a layout that needs "
                f"{needs.width()}x{needs.height()} px")
    return None


def describe(widget: QWidget) -> str:
    name = widget.objectName()
    path = []
    parent = widget.parentWidget()
    while parent is not None and len(path) < 3:
        path.append(type(parent).__name__ + (f"#{parent.objectName()}"
                                             if parent.objectName() else ""))
        parent = parent.parentWidget()
    return f"{type(widget).__name__}{'#' + name if name else ''} in {' < '.join(path)}"


def cut_texts(top: QWidget) -> list[str]:
    """One line per text of `top`'s window that is cut off (empty: everything fits)."""
    problems: list[str] = []
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisibleTo(top):
            continue
        if _inside_item_view(widget, top):
            continue
        squeezed = _squeezed(widget)
        if squeezed:
            problems.append(f"{describe(widget)}: {squeezed}")
        if not isinstance(widget, QAbstractButton | QLabel | QTabBar):
            continue
        shown = visible_rect(widget)
        if shown.isEmpty():
            continue  # scrolled away or squeezed to nothing by a splitter the user moved
        where = describe(widget)
        if isinstance(widget, QTabBar):
            problems += [f"{where}: {problem}" for problem in _tab_problems(widget, shown)]
            continue
        if isinstance(widget, QLabel):
            problem = _label_problem(widget, shown)
            if problem:
                problems.append(f"{where} {shown_text(widget.text())[:60]!r}: {problem}")
            continue
        text = widget.text()
        if not text.strip():
            continue
        if isinstance(widget, QPushButton):
            needs, has = _push_button_needs(widget)
            has -= widget.width() - shown.width()
        elif isinstance(widget, QCheckBox | QRadioButton):
            needs, has = _check_needs(widget), shown.width()
        elif isinstance(widget, QToolButton):
            if (widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
                    and not widget.icon().isNull()):
                continue
            needs, has = widget.sizeHint().width(), shown.width()
        else:
            continue
        if needs > has + SLACK:
            problems.append(f"{where} {shown_text(text)!r}: {has} px for words {needs} px wide")
    return problems
