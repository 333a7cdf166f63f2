"""What an empty editor shows: ways to start, instead of an empty list and an error.

A user with no file yet is not doing anything wrong; the page offers the three ways in
(a template, a file of their own, a spreadsheet) and writing the first example, and links
to the built-in help for the questions people have at this point.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core import templates
from fine_tune_studio.paths import resources_dir
from fine_tune_studio.ui.editor.texts import localized
from fine_tune_studio.ui.help import HelpTopic, links_html
from fine_tune_studio.ui.widgets import Retranslating

_BUTTON_STYLE = "QPushButton { text-align: left; padding: 8px 14px; }"


class WelcomePage(Retranslating, QWidget):
    template_chosen = Signal(str)  # a template's id
    open_requested = Signal()
    import_requested = Signal()
    write_requested = Signal()
    help_requested = Signal(str)  # a HelpTopic

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorWelcome")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        # Centred by stretches, not an alignment flag: a wrapped label then gets the height
        # its words need at the column's width.
        row = QHBoxLayout()
        column = QWidget(self)
        column.setMaximumWidth(620)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setSpacing(10)
        self.heading = QLabel(column)
        self.heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.intro = QLabel(column)
        self.intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)

        self.templates = templates.available_templates(resources_dir() / "templates")
        self.template_buttons: list[QPushButton] = []
        for template in self.templates:
            button = self._button(column, layout)
            button.clicked.connect(lambda _=False, t=template.id: self.template_chosen.emit(t))
            self.template_buttons.append(button)
        self.open_button = self._button(column, layout)
        self.open_button.clicked.connect(self.open_requested)
        self.import_button = self._button(column, layout)
        self.import_button.clicked.connect(self.import_requested)
        self.write_button = self._button(column, layout)
        self.write_button.clicked.connect(self.write_requested)

        self.help_links = QLabel(column)
        self.help_links.setWordWrap(True)
        self.help_links.setTextFormat(Qt.TextFormat.RichText)
        self.help_links.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.help_links.linkActivated.connect(self.help_requested)
        layout.addSpacing(6)
        layout.addWidget(self.help_links)

        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate_ui()

    def _button(self, parent: QWidget, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(parent)
        button.setStyleSheet(_BUTTON_STYLE)
        button.setMinimumHeight(40)
        layout.addWidget(button)
        return button

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Start with example conversations"))
        self.intro.setText(
            self.tr(
                "Write conversations the way a good answer should sound: a question, and the "
                "answer you want the model to give. The model learns from them. 10 examples "
                "are the least a provider takes; 50 to 100 good ones usually make a clear "
                "difference."
            )
        )
        for button, template in zip(self.template_buttons, self.templates, strict=True):
            button.setText(
                self.tr("Start from an example set: %1").replace("%1", localized(template.title))
            )
            button.setToolTip(localized(template.description))
        self.open_button.setText(self.tr("Open a training file (.jsonl)…"))
        self.import_button.setText(self.tr("Import questions and answers from a spreadsheet…"))
        self.write_button.setText(self.tr("Write the first example myself"))
        links = (
            (HelpTopic.GETTING_STARTED, self.tr("Getting started")),
            (HelpTopic.WHICH_METHOD, self.tr("Is fine-tuning the right method?")),
            (HelpTopic.HOW_MANY_EXAMPLES, self.tr("How many examples do I need?")),
        )
        self.help_links.setText(links_html(links))
