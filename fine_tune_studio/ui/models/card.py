"""One model of the catalogue as a card: what it is, whether it suits this computer, and
its Download button."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.model_catalogue import (
    GIB,
    CatalogueModel,
    ChineseQuality,
    Fit,
    disk_fits,
    memory_fit,
    parameters_words,
)
from fine_tune_studio.core.model_download import format_bytes, format_memory
from fine_tune_studio.services.machine import MachineFacts
from fine_tune_studio.ui.widgets import Retranslating, named

GOOD_STYLE = "color: #1e6b35;"
WARN_STYLE = "color: #8a5300;"
BAD_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #555;"
_BADGE = "QLabel {{ background: {bg}; color: {fg}; border-radius: 4px; padding: 1px 6px; }}"


@dataclass(frozen=True)
class CardState:
    lang: str = "en"
    facts: MachineFacts | None = None
    recommended: bool = False
    installed_as: str | None = None  # the local name, when it is on this computer
    partial_bytes: int = 0  # fetched by an unfinished download
    busy: bool = False  # a download is running
    downloading: bool = False  # this model's


def badge(object_name: str, background: str, foreground: str) -> QLabel:
    label = named(QLabel(), object_name)
    label.setStyleSheet(_BADGE.format(bg=background, fg=foreground))
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


class CatalogueCard(Retranslating, QFrame):
    download_requested = Signal(str)  # the repo id

    def __init__(self, model: CatalogueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.state = CardState()
        self.setObjectName("catalogueCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.title = named(QLabel(model.name), "cardTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recommended_badge = badge("recommendedBadge", "#e6f4ea", "#1e6b35")
        self.installed_badge = badge("installedBadge", "#e8eaed", "#3c4043")
        self.gated_badge = badge("gatedBadge", "#fef7e0", "#8a5300")
        self.download_button = named(QPushButton(), "cardDownloadButton")
        self.meta = named(self._text_label(), "cardMeta")
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.good_for = named(self._text_label(), "cardGoodFor")
        self.languages = named(self._text_label(), "cardLanguages")
        self.fit = named(self._text_label(), "cardFit")
        self.disk = named(self._text_label(), "cardDisk")
        self.note = named(self._text_label(), "cardNote")
        self.note.setStyleSheet(NOTE_STYLE)

        top = QHBoxLayout()
        top.addWidget(self.title)
        for widget in (self.recommended_badge, self.installed_badge, self.gated_badge):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.download_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        for widget in (self.meta, self.good_for, self.languages, self.fit, self.disk,
                       self.note):
            layout.addWidget(widget)
        self.download_button.clicked.connect(
            lambda: self.download_requested.emit(self.model.repo_id))
        self.refresh()

    @staticmethod
    def _text_label() -> QLabel:
        label = QLabel(wordWrap=True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def set_state(self, state: CardState) -> None:
        self.state = state
        self.refresh()

    # -- texts ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.refresh()  # every text depends on the state too

    def refresh(self) -> None:
        model, state, lang = self.model, self.state, self.state.lang
        self.recommended_badge.setText(self.tr("Recommended"))
        self.recommended_badge.setVisible(state.recommended)
        self.installed_badge.setText(self.tr("On this computer"))
        self.installed_badge.setVisible(state.installed_as is not None)
        self.gated_badge.setText(self.tr("Accept the licence first"))
        self.gated_badge.setVisible(model.gated)
        self.gated_badge.setToolTip(self.tr(
            "Its owner lets only people who accepted its licence on Hugging Face download it: "
            "you need a free Hugging Face account and a token."))
        separator = self.tr(" · ", "between facts about a model")
        licence = f'<a href="{model.licence_url}">{_escape(model.licence_name)}</a>'
        self.meta.setText(separator.join([
            _escape(model.owner), _escape(parameters_words(model.parameters).get(lang)),
            self.tr("%1 download").replace("%1", format_bytes(model.download_bytes)), licence,
        ]))
        self.good_for.setText(model.good_for.get(lang))
        quality = {
            ChineseQuality.GOOD: self.tr("good"),
            ChineseQuality.FAIR: self.tr("fair"),
            ChineseQuality.POOR: self.tr("poor"),
        }[model.chinese]
        self.languages.setText(
            self.tr("Languages: %1. Traditional Chinese: %2.")
            .replace("%1", model.languages_summary.get(lang)).replace("%2", quality))
        self.languages.setToolTip(model.chinese_reason.get(lang))
        self._show_fit()
        self.note.setText(model.note.get(lang) if model.note is not None else "")
        self.note.setVisible(model.note is not None)
        self._show_button()

    def _show_fit(self) -> None:
        model, facts = self.model, self.state.facts
        need = format_memory(model.memory.cpu_gib * GIB)
        gpu = self.tr("With a graphics card (GPU): about %1 of its memory.").replace(
            "%1", format_memory(model.memory.gpu_gib * GIB))
        if facts is None or facts.total_ram is None:
            self.fit.setText(self._sentences(
                self.tr("Training needs about %1 of memory.").replace("%1", need), gpu))
            self.fit.setStyleSheet(NOTE_STYLE)
        else:
            have = format_memory(facts.total_ram)
            fit = memory_fit(model.memory.cpu_gib, facts.total_ram)
            text, style = {
                Fit.FITS: (self.tr("Fits this computer: training needs about %1 of memory, "
                                   "and it has %2."), GOOD_STYLE),
                Fit.TIGHT: (self.tr("Tight on this computer: training needs about %1 of "
                                    "memory, and it has %2. Close other programs while it "
                                    "trains."), WARN_STYLE),
                Fit.TOO_BIG: (self.tr("Too big for this computer's memory: training needs "
                                      "about %1, and it has %2."), BAD_STYLE),
            }[fit]
            self.fit.setText(self._sentences(text.replace("%1", need).replace("%2", have), gpu))
            self.fit.setStyleSheet(style)
        short_of_disk = (facts is not None and facts.free_disk is not None and not disk_fits(
            model.download_bytes - self.state.partial_bytes, facts.free_disk))
        if short_of_disk and facts is not None and facts.free_disk is not None:
            self.disk.setText(self.tr("Not enough free disk space: the download needs %1, "
                                      "and %2 is free.")
                              .replace("%1", format_bytes(model.download_bytes))
                              .replace("%2", format_bytes(facts.free_disk)))
            self.disk.setStyleSheet(BAD_STYLE)
        elif self.state.partial_bytes and self.state.installed_as is None:
            self.disk.setText(self.tr("%1 already downloaded: the download continues from "
                                      "there.").replace("%1",
                                                        format_bytes(self.state.partial_bytes)))
            self.disk.setStyleSheet(NOTE_STYLE)
        else:
            self.disk.setText("")
        self.disk.setVisible(bool(self.disk.text()))

    def _sentences(self, first: str, second: str) -> str:
        return self.tr("%1 %2", "two sentences in a row").replace("%1", first).replace(
            "%2", second)

    def _show_button(self) -> None:
        state = self.state
        if state.installed_as is not None:
            self.download_button.setText(self.tr("Downloaded"))
            self.download_button.setEnabled(False)
            self.download_button.setToolTip(
                self.tr("On this computer as “%1”.").replace("%1", state.installed_as))
            return
        if state.downloading:
            text = self.tr("Downloading…")
        elif state.partial_bytes:
            text = self.tr("Continue download")
        else:
            text = self.tr("Download")
        self.download_button.setText(text)
        self.download_button.setEnabled(not state.busy)
        self.download_button.setToolTip(
            self.tr("Wait for the download under way to finish.") if state.busy else "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
