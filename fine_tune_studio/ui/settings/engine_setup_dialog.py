""""Set up training on this computer…": asks, then shows `services.engine_setup` at work.

A thin view: the service does the work in pip subprocesses; this dialog asks the one
question (the processor, or the NVIDIA graphics card when there is one, with the download
size of each), shows the progress and, on request, the installer's output, and turns a
failure into what happened and what to do. Opened with `open()`; `ready` is emitted once
the environment works, then the dialog says so and can be closed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.services.engine_setup import (
    DISK_MB,
    DOWNLOAD_MB,
    EngineEnvironment,
    EngineSetup,
    EngineSetupError,
    SetupFailure,
    SetupOptions,
    SetupProgress,
    SetupStep,
    TorchVariant,
    nvidia_gpu_name,
)
from fine_tune_studio.ui.widgets import Retranslating, named

log = logging.getLogger(__name__)

OptionsFactory = Callable[[TorchVariant], SetupOptions]
Starter = Callable[[Any], "asyncio.Task[Any]"]


class EngineSetupDialog(Retranslating, QDialog):
    ready = Signal()

    def __init__(
        self,
        environment: EngineEnvironment,
        start_task: Starter,
        *,
        make_options: OptionsFactory = SetupOptions.from_environment,
        find_gpu: Callable[[], Any] = nvidia_gpu_name,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("engineSetupDialog")
        self.environment = environment
        self._start_task = start_task
        self._make_options = make_options
        self._find_gpu = find_gpu
        self.task: asyncio.Task[Any] | None = None
        self.gpu_name: str | None = None
        self.state = "asking"  # asking, working, failed, cancelled, done
        self.failure: EngineSetupError | None = None
        self._step: SetupStep | None = None
        self._progress: SetupProgress | None = None

        self.heading = named(QLabel(wordWrap=True), "setupHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.intro = named(QLabel(wordWrap=True), "setupIntro")
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Without a graphics card to choose, the one download's size is said here.
        self.size_note = named(QLabel(wordWrap=True), "setupSizeNote")
        self.cpu_choice = named(QRadioButton(), "setupCpuChoice")
        self.gpu_choice = named(QRadioButton(), "setupGpuChoice")
        self.cpu_choice.setChecked(True)
        self.choices = QButtonGroup(self)
        self.choices.addButton(self.cpu_choice)
        self.choices.addButton(self.gpu_choice)
        self.gpu_choice.hide()
        self.cpu_choice.hide()

        self.progress = named(QProgressBar(), "setupProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = named(QLabel(wordWrap=True), "setupStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = named(QLabel(wordWrap=True), "setupProblem")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.details_button = named(QPushButton(), "setupDetailsButton")
        self.details_button.setCheckable(True)
        self.details_button.hide()
        self.details = named(QPlainTextEdit(), "setupDetails")
        self.details.setReadOnly(True)
        # Wrapped: pip's lines hold long paths, and a view scrolled sideways to their end
        # hides the start of every line (seen in the first screenshots).
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setMaximumBlockCount(5000)
        self.details.hide()

        self.start_button = named(QPushButton(), "setupStartButton")
        self.cancel_button = named(QPushButton(), "setupCancelButton")
        self.close_button = named(QPushButton(), "setupCloseButton")
        self.start_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.size_note)
        layout.addWidget(self.cpu_choice)
        layout.addWidget(self.gpu_choice)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.details, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)

        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.details_button.toggled.connect(self._toggle_details)
        self.setMinimumWidth(560)
        self._show_state()
        # Is there an NVIDIA card to ask about? nvidia-smi answers in a subprocess.
        self.gpu_probe = start_task(self._probe_gpu())

    # -- texts --------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self._set_texts()
        if self.state == "asking":
            self.adjustSize()  # to the question's texts, in the language shown now

    def _set_texts(self) -> None:
        self.setWindowTitle(self.tr("Set up training on this computer"))
        self.cpu_choice.setText(
            self.tr("Train with the processor (about %1 MB to download, %2 GB on disk)")
            .replace("%1", f"{DOWNLOAD_MB[TorchVariant.CPU]:,}")
            .replace("%2", f"{DISK_MB[TorchVariant.CPU] / 1000:.1f}")
        )
        self.gpu_choice.setText(
            self.tr("Train with the graphics card, %1 (about %2 GB to download, %3 GB on "
                    "disk; much faster)")
            .replace("%1", self.gpu_name or "NVIDIA")
            .replace("%2", f"{DOWNLOAD_MB[TorchVariant.CUDA] / 1000:.1f}")
            .replace("%3", f"{DISK_MB[TorchVariant.CUDA] / 1000:.0f}")
        )
        self.size_note.setText(
            self.tr("About %1 MB is downloaded; it takes %2 GB on the disk.")
            .replace("%1", f"{DOWNLOAD_MB[TorchVariant.CPU]:,}")
            .replace("%2", f"{DISK_MB[TorchVariant.CPU] / 1000:.1f}")
        )
        self.start_button.setText(
            self.tr("Try again") if self.state in ("failed", "cancelled") else self.tr("Set up")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))
        self._set_details_button_text()
        self._show_texts()

    def _set_details_button_text(self) -> None:
        self.details_button.setText(
            self.tr("Hide details") if self.details_button.isChecked()
            else self.tr("Show details")
        )

    def _show_texts(self) -> None:
        folder = str(self.environment.folder)
        if self.state == "asking":
            self.heading.setText(self.tr("Set up training on this computer"))
            self.intro.setText(
                self.tr("Training on this computer needs PyTorch and the Hugging Face "
                        "libraries. They are downloaded and installed into a folder of "
                        "their own, %1, which nothing else uses; the rest of the computer "
                        "is not changed. This takes a few minutes.").replace("%1", folder)
            )
        elif self.state == "working":
            self.heading.setText(self.tr("Setting up training on this computer…"))
        elif self.state == "done":
            self.heading.setText(self.tr("Training on this computer is ready"))
            self.status.setText(
                self.tr("Choose “Use this computer” to train your models here.")
            )
        elif self.state == "cancelled":
            self.heading.setText(self.tr("Set-up cancelled"))
            self.status.setText(
                self.tr("Nothing is removed: “Try again” continues where it stopped.")
            )
        elif self.state == "failed" and self.failure is not None:
            self.heading.setText(self.tr("Set-up did not finish"))
            what, todo = self.explain(self.failure)
            self.problem.setText(f"{what}\n{todo}")
            self.status.setText(self._step_text(self.failure.step))
        if self.state == "working" and self._progress is not None:
            self.status.setText(self._progress_text(self._progress))

    def explain(self, error: EngineSetupError) -> tuple[str, str]:
        """(what happened, what to do), in the user's words."""
        reason = error.reason
        if reason is SetupFailure.NETWORK:
            return (self.tr("The packages could not be downloaded: the internet (or a proxy) "
                            "did not answer."),
                    self.tr("Check that this computer is online, then choose “Try again”. "
                            "What was already downloaded is kept."))
        if reason is SetupFailure.DISK_FULL:
            return (self.tr("The disk is full."),
                    self.tr("Free at least %1 GB on the disk that holds %2, then choose "
                            "“Try again”.")
                    .replace("%1", f"{DISK_MB[self.variant()] / 1000:.1f}")
                    .replace("%2", str(self.environment.folder)))
        if reason is SetupFailure.PACKAGE_REFUSED:
            return (self.tr("A package could not be installed: the package index has no "
                            "version of it for this computer, or refused it."),
                    self.tr("“Show details” names the package. A newer version of Fine Tune "
                            "Studio may be needed; until then, a provider such as OpenAI can "
                            "train your models."))
        if reason is SetupFailure.NO_PYTHON:
            return (self.tr("Python 3.11, 3.12 or 3.13 is needed to run the training, and "
                            "none was found on this computer."),
                    self.tr("Install Python from python.org (on Debian or Ubuntu: sudo apt "
                            "install python3 python3-venv), then choose “Try again”."))
        if reason is SetupFailure.PERMISSION:
            return (self.tr("The folder %1 cannot be written.")
                    .replace("%1", str(self.environment.folder)),
                    self.tr("Check that the folder belongs to you, then choose “Try again”."))
        return (self.tr("The installer stopped with an error."),
                self.tr("“Show details” shows what it said. Choose “Try again”; if it fails "
                        "the same way, send those details to support."))

    def _step_text(self, step: SetupStep) -> str:
        texts = {
            SetupStep.FIND_PYTHON: self.tr("Looking for Python…"),
            SetupStep.CREATE_ENVIRONMENT: self.tr("Making the folder for training…"),
            SetupStep.UPDATE_PIP: self.tr("Updating the installer…"),
            SetupStep.INSTALL_TORCH: self.tr("Installing PyTorch…"),
            SetupStep.INSTALL_PACKAGES: self.tr("Installing the training libraries…"),
            SetupStep.INSTALL_APP: self.tr("Adding Fine Tune Studio's engine…"),
            SetupStep.CHECK: self.tr("Checking that everything works…"),
        }
        return self.tr("Step %1 of %2: %3").replace("%1", str(list(SetupStep).index(step) + 1))\
            .replace("%2", str(len(SetupStep))).replace("%3", texts[step])

    def _progress_text(self, event: SetupProgress) -> str:
        text = self._step_text(event.step)
        if event.package and event.total_bytes:
            done_mb = (event.done_bytes or 0) / 1_000_000
            text += "\n" + self.tr("Downloading %1: %2 of %3 MB").replace("%1", event.package)\
                .replace("%2", f"{done_mb:,.0f}").replace("%3", f"{event.total_bytes / 1e6:,.0f}")
        elif event.package:
            text += "\n" + self.tr("Getting %1").replace("%1", event.package)
        return text

    # -- behaviour ----------------------------------------------------------------------

    def variant(self) -> TorchVariant:
        if self.gpu_name and self.gpu_choice.isChecked():
            return TorchVariant.CUDA
        return TorchVariant.CPU

    async def _probe_gpu(self) -> None:
        try:
            self.gpu_name = await self._find_gpu()
        except Exception:  # no card, no driver, a broken nvidia-smi: the CPU it is
            log.exception("looking for an NVIDIA GPU failed")
            self.gpu_name = None
        self._show_state()

    def start(self) -> asyncio.Task[Any] | None:
        if self.task is not None and not self.task.done():
            return self.task
        self.failure = None
        self.state = "working"
        self._progress = None
        self.details.clear()
        self.progress.setValue(0)
        self._show_state()
        setup = EngineSetup(self.environment, self._make_options(self.variant()))
        self.task = self._start_task(self._run(setup))
        return self.task

    async def _run(self, setup: EngineSetup) -> None:
        try:
            async for event in setup.run():
                self._show_progress(event)
        except asyncio.CancelledError:
            self.state = "cancelled"
            self._show_state()
            raise
        except EngineSetupError as error:
            log.warning("engine set-up failed at %s (%s): %s", error.step, error.reason, error)
            self.failure = error
            self.state = "failed"
            self.details_button.setChecked(True)  # the installer's words are the evidence
        except Exception as error:  # a bug here must still leave the user a way on
            log.exception("engine set-up failed")
            self.failure = EngineSetupError(SetupFailure.FAILED, self._step or
                                            SetupStep.FIND_PYTHON, str(error), repr(error))
            self.state = "failed"
        else:
            self.state = "done"
            self.progress.setValue(self.progress.maximum())
            self.ready.emit()
        self._show_state()

    def cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        elif self.state != "working":
            self.reject()

    def _show_progress(self, event: SetupProgress) -> None:
        self._step = event.step
        self._progress = event
        self.progress.setValue(round(event.fraction * self.progress.maximum()))
        if event.line is not None:
            self.details.appendPlainText(event.line)
        self.status.setText(self._progress_text(event))

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self._set_details_button_text()
        self.adjustSize()
        if shown:
            # The installer's last words matter most; once the view is laid out.
            QTimer.singleShot(0, self._scroll_details_to_end)

    def _scroll_details_to_end(self) -> None:
        self.details.moveCursor(QTextCursor.MoveOperation.End)
        self.details.ensureCursorVisible()

    def _show_state(self) -> None:
        state = self.state
        asking = state == "asking"
        self.cpu_choice.setVisible(asking and self.gpu_name is not None)
        self.gpu_choice.setVisible(asking and self.gpu_name is not None)
        self.intro.setVisible(asking)
        self.size_note.setVisible(asking and self.gpu_name is None)
        self.progress.setVisible(state in ("working", "done", "failed", "cancelled"))
        self.problem.setVisible(state == "failed")
        self.details_button.setVisible(not asking)
        self.start_button.setVisible(state in ("asking", "failed", "cancelled"))
        self.cancel_button.setVisible(state in ("asking", "working"))
        self.close_button.setVisible(state in ("done", "failed", "cancelled"))
        self.status.setVisible(not asking)
        if state == "done":
            self.close_button.setDefault(True)
        self.retranslate_ui()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window while it works is a cancel, never an installer left running.
        if self.task is not None and not self.task.done():
            self.task.cancel()
        super().closeEvent(event)
