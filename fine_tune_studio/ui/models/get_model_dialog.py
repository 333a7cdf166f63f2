"""The "Get a model" dialog: the catalogue as cards, any other Hugging Face model by its id,
the Hugging Face token, and one download at a time with a real progress bar and Stop.

A view over `services.model_download.ModelDownloader`: the download runs in its own
process while this dialog awaits it on the qasync loop, so the window stays responsive.
Stopping (or closing the dialog) ends that process; what arrived stays, and the next
Download of the same model continues from there. Open it with `open_get_model_dialog`
(one per app, non-modal); it says `model_ready(name)` when a model is on this computer.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.model_catalogue import Catalogue, recommended, shipped_catalogue
from fine_tune_studio.core.model_download import (
    HUB_PAGE,
    TOKENS_PAGE,
    DownloadProblem,
    duration_words,
    format_bytes,
    format_memory,
    model_page,
)
from fine_tune_studio.core.model_names import RepoIdError, parse_repo_id
from fine_tune_studio.services.local_models import LocalModel, LocalModels, LocalModelsError
from fine_tune_studio.services.machine import MachineFacts, machine_facts
from fine_tune_studio.services.model_download import (
    HF_TOKEN_KEY,
    DownloadProgress,
    DownloadStage,
    ModelDownloader,
    ModelDownloadError,
)
from fine_tune_studio.ui.models.background import in_thread
from fine_tune_studio.ui.models.card import BAD_STYLE, NOTE_STYLE, CardState, CatalogueCard
from fine_tune_studio.ui.models.context import ModelsContext
from fine_tune_studio.ui.widgets import Retranslating, named
from fine_tune_studio.ui.widgets.secret_field import SecretField

log = logging.getLogger(__name__)
BAR_STEPS = 1000  # QProgressBar counts in int; bytes of a model do not fit one


@dataclass
class _Snapshot:
    local: list[LocalModel]
    partial: dict[str, int]  # repo id -> bytes fetched by an unfinished download
    facts: MachineFacts


class GetModelDialog(Retranslating, QDialog):
    model_ready = Signal(str)  # the name of a model that is now on this computer

    def __init__(self, context: ModelsContext, parent: QWidget | None = None, *,
                 catalogue: Catalogue | None = None,
                 downloader_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalogue = catalogue or shipped_catalogue()
        self._downloader_options = dict(downloader_options or {})
        self.download_task: asyncio.Task[Any] | None = None
        self.own_tasks: set[asyncio.Task[Any]] = set()  # all it started, for closing
        self.refresh_task: asyncio.Task[Any] | None = None
        self._snapshot: _Snapshot | None = None
        self._downloading: str | None = None  # the repo id under way
        self._last_problem: tuple[str, Any] | None = None
        # What the progress box shows now, to say again in another language.
        self._shown: tuple[Any, ...] | None = None
        self._has_token = False
        self.setObjectName("getModelDialog")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(900, 640)

        self.heading = named(QLabel(wordWrap=True), "getModelHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = named(QLabel(wordWrap=True), "getModelIntro")
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.cards = [CatalogueCard(model) for model in self.catalogue.models]
        cards_widget = QWidget()
        cards_layout = QVBoxLayout(cards_widget)
        cards_layout.setContentsMargins(0, 0, 4, 0)
        for card in self.cards:
            card.download_requested.connect(self.download)
            cards_layout.addWidget(card)
        cards_layout.addStretch(1)
        self.cards_area = named(QScrollArea(), "catalogueArea")
        self.cards_area.setWidgetResizable(True)
        self.cards_area.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_area.setWidget(cards_widget)

        # Any other model by its Hugging Face id, and the token gated models need: two
        # compact rows, so that the cards keep the room on a small screen.
        self.more_box = named(QFrame(), "moreBox")
        self.other_label = QLabel()
        self.repo_edit = named(QLineEdit(), "repoIdEdit")
        self.other_button = named(QPushButton(), "otherDownloadButton")
        self.other_problem = named(QLabel(wordWrap=True), "repoIdProblem")
        self.other_problem.setStyleSheet(BAD_STYLE)
        self.other_problem.hide()
        self.token_label = QLabel()
        self.token_field = SecretField()
        self.token_field.setObjectName("hubTokenField")
        self.save_token_button = named(QPushButton(), "saveTokenButton")
        self.forget_token_button = named(QPushButton(), "forgetTokenButton")
        self.token_status = named(QLabel(wordWrap=True), "tokenStatus")
        self.token_status.setOpenExternalLinks(True)
        self.token_status.setStyleSheet(NOTE_STYLE)
        self.other_label.setBuddy(self.repo_edit)
        self.token_label.setBuddy(self.token_field)
        other_row = QHBoxLayout()
        other_row.addWidget(self.repo_edit, 1)
        other_row.addWidget(self.other_button)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_field, 1, Qt.AlignmentFlag.AlignTop)
        token_row.addWidget(self.save_token_button, 0, Qt.AlignmentFlag.AlignTop)
        token_row.addWidget(self.forget_token_button, 0, Qt.AlignmentFlag.AlignTop)
        more = QGridLayout(self.more_box)
        more.setContentsMargins(0, 4, 0, 0)
        more.addWidget(self.other_label, 0, 0)
        more.addLayout(other_row, 0, 1)
        more.addWidget(self.other_problem, 1, 1)
        more.addWidget(self.token_label, 2, 0)
        more.addLayout(token_row, 2, 1)
        more.addWidget(self.token_status, 3, 1)
        more.setColumnStretch(1, 1)

        # The download under way, and what became of it.
        self.progress_box = named(QFrame(), "downloadBox")
        self.progress_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.progress_title = named(QLabel(wordWrap=True), "downloadTitle")
        self.progress_bar = named(QProgressBar(), "downloadProgress")
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_detail = named(QLabel(wordWrap=True), "downloadDetail")
        self.progress_detail.setStyleSheet(NOTE_STYLE)
        self.stop_button = named(QPushButton(), "stopDownloadButton")
        self.problem_label = named(QLabel(wordWrap=True), "downloadProblem")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label.setStyleSheet(BAD_STYLE)
        self.open_page_button = named(QPushButton(), "openModelPageButton")
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.progress_bar, 1)
        bar_row.addWidget(self.stop_button)
        progress_layout = QVBoxLayout(self.progress_box)
        progress_layout.addWidget(self.progress_title)
        progress_layout.addLayout(bar_row)
        progress_layout.addWidget(self.progress_detail)
        progress_layout.addWidget(self.problem_label)
        progress_layout.addWidget(self.open_page_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress_box.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.cards_area, 1)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.more_box)
        layout.addWidget(self.buttons)

        self.buttons.rejected.connect(self.reject)
        self.other_button.clicked.connect(self.download_other)
        self.repo_edit.returnPressed.connect(self.download_other)
        self.repo_edit.textChanged.connect(lambda _t: self.other_problem.hide())
        self.stop_button.clicked.connect(self.stop_download)
        self.open_page_button.clicked.connect(self._open_model_page)
        self.save_token_button.clicked.connect(self.save_token)
        self.forget_token_button.clicked.connect(self.forget_token)
        self.token_field.textChanged.connect(lambda _t: self._update_token_buttons())
        # A method, not a lambda: the connection ends with the dialog.
        context.language_changed.connect(self._language_changed)
        self.retranslate_ui()
        self.refresh()
        self._run(self._load_token_state())

    # -- helpers ---------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.context.effective_language

    @property
    def endpoint(self) -> str:
        import os

        return str(self._downloader_options.get("endpoint") or
                   (self._downloader_options.get("env") or os.environ).get("HF_ENDPOINT")
                   or HUB_PAGE).rstrip("/")

    def local_models(self) -> LocalModels:
        return LocalModels(self.context.models_dir, self.catalogue)

    def _run(self, coro: Any) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = self.context.tasks.start(coro)
        self.own_tasks.add(task)
        task.add_done_callback(self.own_tasks.discard)
        return task

    # -- texts -----------------------------------------------------------------------------

    def _language_changed(self, _lang: str) -> None:
        self.retranslate_ui()  # the catalogue's own texts follow the app's language

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Get a model"))
        self.heading.setText(self.tr("Get a base model for this computer"))
        self._show_intro()
        self.other_label.setText(self.tr("Another model from Hugging Face:"))
        self.repo_edit.setToolTip(self.tr(
            "Any chat model with safetensors weights, by its id or the address of its page."))
        self.repo_edit.setPlaceholderText(self.tr("For example: Qwen/Qwen2.5-3B-Instruct"))
        self.other_button.setText(self.tr("Download"))
        self.token_label.setText(self.tr("Hugging Face token:"))
        self.token_field.setPlaceholderText(self.tr("hf_… from your Hugging Face account"))
        self.save_token_button.setText(self.tr("Save token"))
        self.forget_token_button.setText(self.tr("Remove token"))
        self._show_token_state()
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr(
            "What has arrived is kept: Download continues from there later."))
        self.open_page_button.setText(self.tr("Open the model's page"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        for card in self.cards:
            card.set_state(replace(card.state, lang=self.lang))
        if self._shown is not None:
            show, *args = self._shown
            show(*args)

    def _show_intro(self) -> None:
        text = self.tr("Fine-tuning starts from a base model that already writes well. Pick "
                       "one to download; it is saved in %1 and can be used offline from then "
                       "on.").replace("%1", str(self.context.models_dir))
        snapshot = self._snapshot
        if snapshot is not None and snapshot.facts.total_ram is not None:
            text += "\n" + self.tr("This computer: %1 of memory, %2 of free disk space.") \
                .replace("%1", format_memory(snapshot.facts.total_ram)) \
                .replace("%2", format_bytes(snapshot.facts.free_disk or 0))
        if self.endpoint != HUB_PAGE:
            text += "\n" + self.tr("Downloads come from %1 (HF_ENDPOINT).").replace(
                "%1", self.endpoint)
        self.intro.setText(text)

    # -- what is on this computer -----------------------------------------------------------

    def refresh(self) -> asyncio.Task[Any]:
        """Look again at the models folder, the disk and the memory (in a worker thread)."""
        self.refresh_task = self._run(self._refresh())
        return self.refresh_task

    async def _refresh(self) -> None:
        models = self.local_models()
        repos = [m.repo_id for m in self.catalogue.models]

        def look() -> _Snapshot:
            return _Snapshot(
                local=models.list(),
                partial={repo: models.partial_download_bytes(repo) for repo in repos},
                facts=machine_facts(models.models_dir),
            )

        self._snapshot = await in_thread(look)
        self._show_intro()
        self._update_cards()

    def _update_cards(self) -> None:
        snapshot = self._snapshot
        facts = snapshot.facts if snapshot is not None else None
        pick = recommended(self.catalogue, facts.total_ram if facts is not None else None)
        installed = {(m.repo_id or "").lower(): m.name for m in (snapshot.local if snapshot
                                                               else [])}
        for card in self.cards:
            repo = card.model.repo_id
            card.set_state(CardState(
                lang=self.lang, facts=facts, recommended=card.model is pick,
                installed_as=installed.get(repo.lower()),
                partial_bytes=snapshot.partial.get(repo, 0) if snapshot is not None else 0,
                busy=self._downloading is not None,
                downloading=self._downloading == repo,
            ))

    def card_for(self, repo_id: str) -> CatalogueCard | None:
        return next((c for c in self.cards if c.model.repo_id == repo_id), None)

    # -- the token ---------------------------------------------------------------------------

    async def _load_token_state(self) -> None:
        try:
            self._has_token = await self.context.key_store.has_key(HF_TOKEN_KEY)
        except Exception as error:  # a keyring that does not answer: no token, said so
            log.warning("reading the Hugging Face token failed: %s", type(error).__name__)
            self._has_token = False
        self._show_token_state()

    def _show_token_state(self) -> None:
        if self._has_token:
            text = self.tr("A token is saved in this computer's keyring.")
        else:
            text = self.tr('Only gated models (Llama, Gemma) need a token: create a read '
                           'token at <a href="%1">%2</a>.').replace("%1", TOKENS_PAGE).replace(
                "%2", TOKENS_PAGE.removeprefix("https://"))
        self.token_status.setText(text)
        self._update_token_buttons()

    def _update_token_buttons(self) -> None:
        self.save_token_button.setEnabled(bool(self.token_field.text()))
        self.forget_token_button.setVisible(self._has_token)

    def save_token(self) -> asyncio.Task[Any] | None:
        token = self.token_field.text()
        if not token:
            return None
        return self._run(self._save_token(token))

    async def _save_token(self, token: str) -> None:
        try:
            await self.context.key_store.set(HF_TOKEN_KEY, token)
        except Exception as error:  # the keyring's refusal, in its own words (no secret)
            self.token_field.set_problem(str(error))
            return
        self.token_field.clear()
        self.token_field.set_problem("")
        self._has_token = True
        self._show_token_state()

    def forget_token(self) -> asyncio.Task[Any]:
        return self._run(self._forget_token())

    async def _forget_token(self) -> None:
        await self.context.key_store.delete(HF_TOKEN_KEY)
        self._has_token = False
        self._show_token_state()

    # -- downloading -------------------------------------------------------------------------

    def download_other(self) -> asyncio.Task[Any] | None:
        typed = self.repo_edit.text().strip()
        known = next((m for m in self.catalogue.models if m.name.lower() == typed.lower()),
                     None)
        if known is not None:  # a name from the list, typed without its owner
            return self.download(known.repo_id)
        try:
            ref = parse_repo_id(typed)
        except RepoIdError as error:
            self.other_problem.setText(error.text.get(self.lang))
            self.other_problem.show()
            self.repo_edit.setFocus()
            return None
        return self.download(ref.repo_id, revision=ref.revision)

    def download(self, repo_id: str, *, revision: str | None = None,
                 name: str | None = None) -> asyncio.Task[Any] | None:
        if self.download_task is not None and not self.download_task.done():
            return None
        self.download_task = self._run(self._download(repo_id, revision, name))
        return self.download_task

    async def _download(self, repo_id: str, revision: str | None, name: str | None) -> None:
        self._downloading = repo_id
        self._last_problem = None
        self._set_busy(True)
        self.progress_box.show()
        self.problem_label.hide()
        self.open_page_button.hide()
        self.progress_detail.setText("")
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("")
        self.progress_bar.show()
        self._show_title(repo_id)
        try:
            token = None
            if self._has_token:
                token = await self.context.key_store.get(HF_TOKEN_KEY)
            downloader = ModelDownloader(self.local_models(), token=token,
                                         **self._downloader_options)
            model = await downloader.pull(repo_id, revision=revision, name=name,
                                          progress=self.show_progress)
        except asyncio.CancelledError:
            self._show_stopped(repo_id)
            if not self._closing:
                self._run(self._show_kept(repo_id))
            raise
        except ModelDownloadError as error:
            self._show_problem(repo_id, error)
        except (RepoIdError, LocalModelsError) as error:
            self._show_problem(repo_id, error)
        except Exception as error:  # anything else still gets words and its detail
            log.exception("the download of %s failed", repo_id)
            self._show_problem(repo_id, error)
        else:
            self._show_done(model)
            self.model_ready.emit(model.name)
            self.context.local_models_changed.emit(model.name)
        finally:
            self._downloading = None
            self._set_busy(False)
            if not self._closing:
                self.refresh()

    _closing = False

    def _show_title(self, repo_id: str) -> None:
        self._shown = (self._show_title, repo_id)
        self.progress_detail.show()
        self.progress_title.setText(self.tr("Downloading %1…").replace("%1", repo_id))
        if self._last_progress is not None:
            self.show_progress(self._last_progress)

    _last_progress: DownloadProgress | None = None

    def show_progress(self, progress: DownloadProgress) -> None:
        """What the service reports (on the event loop: safe to touch widgets here)."""
        self._last_progress = progress
        bar = self.progress_bar
        if progress.stage is DownloadStage.CONNECTING:
            bar.setRange(0, 0)
            self.progress_detail.setText(self.tr("Asking Hugging Face what to download…"))
            return
        if progress.stage is DownloadStage.CHECKING:
            bar.setRange(0, 0)
            self.progress_detail.setText(self.tr("Checking the downloaded model…"))
            return
        fraction = progress.fraction
        bar.setRange(0, BAR_STEPS)
        bar.setValue(round((fraction or 0.0) * BAR_STEPS))
        total = progress.total_bytes
        bar.setFormat(
            self.tr("%1 of %2 (%3%)")
            .replace("%1", format_bytes(progress.done_bytes))
            .replace("%2", format_bytes(total) if total is not None else "?")
            .replace("%3", str(int((fraction or 0.0) * 100)))
        )
        parts = []
        if progress.speed:
            parts.append(self.tr("%1/s").replace("%1", format_bytes(progress.speed)))
        if progress.seconds_left is not None:
            parts.append(self.tr("%1 left").replace(
                "%1", duration_words(progress.seconds_left).get(self.lang)))
        if progress.resumed_bytes:
            parts.append(self.tr("continued after %1 downloaded earlier").replace(
                "%1", format_bytes(progress.resumed_bytes)))
        if progress.file:
            parts.append(progress.file)
        self.progress_detail.setText(self.tr(" · ", "between facts about a download")
                                     .join(parts))

    def stop_download(self) -> None:
        if self.download_task is not None and not self.download_task.done():
            self.download_task.cancel()

    def _set_busy(self, busy: bool) -> None:
        self.stop_button.setVisible(busy)
        if busy:
            # Before the clicked button is disabled: else the focus jumps to the next card
            # and the list scrolls away under the user's eyes.
            self.stop_button.setFocus()
        self.other_button.setEnabled(not busy)
        for card in self.cards:
            card.set_state(replace(card.state, busy=busy,
                                   downloading=busy and card.model.repo_id == self._downloading))

    def _show_done(self, model: LocalModel) -> None:
        self._shown = (self._show_done, model)
        self.progress_detail.show()
        self._last_progress = None
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_bar.setValue(BAR_STEPS)
        self.progress_bar.setFormat(format_bytes(model.size_bytes))
        self.progress_bar.show()
        self.progress_title.setText(
            self.tr("“%1” is on this computer and ready to fine-tune.").replace("%1", model.name))
        self.progress_detail.setText(self.tr("Choose it as the base model when you start "
                                             "training."))

    def _show_stopped(self, repo_id: str, kept: int | None = None) -> None:
        self._shown = (self._show_stopped, repo_id, kept)
        self.progress_detail.show()
        self._last_progress = None
        self.progress_bar.hide()  # what it last showed may lag behind what is on disk
        self.progress_title.setText(self.tr("Download of %1 stopped.").replace("%1", repo_id))
        if kept:
            text = self.tr("%1 downloaded so far is kept: press Download again to continue "
                           "from there.").replace("%1", format_bytes(kept))
        else:
            text = self.tr("What has arrived is kept: press Download again to continue from "
                           "there.")
        self.progress_detail.setText(text)

    async def _show_kept(self, repo_id: str) -> None:
        kept = await in_thread(self.local_models().partial_download_bytes, repo_id)
        if self._shown is not None and self._shown[:2] == (self._show_stopped, repo_id):
            self._show_stopped(repo_id, kept)

    def _show_problem(self, repo_id: str, error: Any) -> None:
        self._shown = (self._show_problem, repo_id, error)
        self._last_progress = None
        self._last_problem = (repo_id, error)
        lang = self.lang
        if isinstance(error, ModelDownloadError):
            text = error.text(lang)
            if error.detail and error.kind in (DownloadProblem.UNKNOWN, DownloadProblem.SERVER):
                text += "\n" + self.tr("Details: %1").replace("%1", error.detail)
            gated = error.kind is DownloadProblem.GATED
        elif isinstance(error, RepoIdError):
            text, gated = error.text.get(lang), False
        elif isinstance(error, LocalModelsError):
            text, gated = error.text(lang), False
        else:
            text = self.tr("The download failed: %1").replace(
                "%1", f"{type(error).__name__}: {error}")
            gated = False
        self.progress_title.setText(self.tr("%1 was not downloaded.").replace("%1", repo_id))
        self.progress_detail.setText("")
        self.progress_detail.hide()
        self.progress_bar.hide()  # "0 B of 1.0 GB" says nothing about what went wrong
        self.problem_label.setText(text)
        self.problem_label.show()
        self.open_page_button.setVisible(gated)
        if gated and not self._has_token:
            self.token_field.setFocus()

    def _open_model_page(self) -> None:
        if self._last_problem is not None:
            QDesktopServices.openUrl(QUrl(model_page(self._last_problem[0], self.endpoint)))

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        # Closing stops a download under way; what arrived stays for the next time.
        self._closing = True
        self.stop_download()
        super().reject()


_open_dialogs: dict[int, GetModelDialog] = {}


def open_get_model_dialog(context: ModelsContext, parent: QWidget | None = None,
                          **options: Any) -> GetModelDialog:
    """Show the app's one Get-a-model dialog (raised if it is open already)."""
    dialog = _open_dialogs.get(id(context))
    if dialog is None:
        dialog = GetModelDialog(context, parent, **options)
        _open_dialogs[id(context)] = dialog
        dialog.finished.connect(lambda _result: _closed(context, dialog))
        dialog.open()
    else:
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialog


def _closed(context: ModelsContext, dialog: GetModelDialog) -> None:
    if _open_dialogs.get(id(context)) is dialog:
        del _open_dialogs[id(context)]
    # Its tasks still report their end to its widgets: delete it once they are all done.
    pending = {task for task in dialog.own_tasks if not task.done()}
    for task in pending:
        if task is not dialog.download_task:  # reject() stopped that one already
            task.cancel()
    if not pending:
        dialog.deleteLater()
        return

    def one_done(task: asyncio.Task[Any]) -> None:
        pending.discard(task)
        if not pending:
            dialog.deleteLater()

    for task in list(pending):
        task.add_done_callback(one_done)
