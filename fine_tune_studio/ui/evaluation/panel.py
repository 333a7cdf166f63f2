"""The Evaluation panel: run a test set past several models, review the answers blind, read
the report. A thin shell over `services.evaluation` (the same runner as `eval run`).

Runs live in `<data>/evaluations/<run id>/` (`services.eval_store.RunFolder`); the Run box
lists them, so a run reopened after a restart shows what it has and *Continue the run* asks only
what is missing. The GUI never waits: the runner and its clients run on an event loop of
their own in a worker thread (`ui.background.stream_in_thread`), which also scores each
answer; the GUI thread gets the answers in batches, ten times a second at most, and adds
them to the progress bar and the open report (`ReportView.add_answers`, no rebuild).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.eval_cost import INFERENCE_PRICE_DATE, estimate_answer_cost
from fine_tune_studio.core.eval_run import (
    MIN_CONTESTANTS,
    Answer,
    Contestant,
    RunParams,
    RunSpec,
    answered_keys,
    prompt_baseline,
)
from fine_tune_studio.core.eval_scoring import Measure, measure
from fine_tune_studio.core.i18n import join_sentences
from fine_tune_studio.core.model_display import parse_model_id
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.core.test_sets import TestItem, find_leaks, read_test_items
from fine_tune_studio.core.tokens import count_text_tokens
from fine_tune_studio.services.eval_store import RunFolder, report_data, write_report
from fine_tune_studio.services.evaluation import (
    EvalProgress,
    EvaluationRunner,
    JudgeSetup,
    TwinClients,
    run_judge,
)
from fine_tune_studio.ui.background import run_in_thread, stream_in_thread
from fine_tune_studio.ui.evaluation.context import EvaluationContext
from fine_tune_studio.ui.evaluation.dialogs import CorrectedAnswerDialog, JudgeDialog
from fine_tune_studio.ui.evaluation.pairs import training_for
from fine_tune_studio.ui.evaluation.report_view import ReportView
from fine_tune_studio.ui.evaluation.review import ReviewView
from fine_tune_studio.ui.evaluation.setup import ContestantRow, RunSetup
from fine_tune_studio.ui.file_choice import start_folder
from fine_tune_studio.ui.locations import app_dirs
from fine_tune_studio.ui.widgets import Retranslating

log = logging.getLogger(__name__)

# Kinds that bill per token; every other kind but this computer may, at prices the app
# cannot know (a self-hosted server, a service reached by its OpenAI-compatible address).
PAID = (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI, ProviderKind.TOGETHER)
REPORT_EVERY_MS = 500
PROGRESS_EVERY_S = 0.1  # answers reach the GUI thread in batches, at most this often


async def scored_progress(
    runner: EvaluationRunner, clients: TwinClients, items: Sequence[TestItem]
) -> AsyncIterator[tuple[EvalProgress, Measure | None]]:
    """The run with each answer scored as it arrives. Runs on the runner's own loop in a
    worker thread (`stream_in_thread`), so scoring costs the GUI thread nothing either;
    closes the run's clients there when the run ends."""
    references = {item.id: item.reference for item in items}
    try:
        async for progress in runner.run(items):
            answer = progress.answer
            reference = references.get(answer.item) if answer is not None else None
            scored: Measure | None = None
            if answer is not None and reference is not None:
                scored = measure(answer.answer, reference)
            yield progress, scored
    finally:
        await clients.aclose()


@dataclass
class OpenedRun:
    """A saved run as read from its folder, with its answers scored (`load_run`)."""

    folder: RunFolder
    items: list[TestItem]
    answers: dict[tuple[str, str], Answer]
    measures: dict[tuple[str, str], Measure]
    done: int  # answers stored under the run's settings


def load_run(folder: Path) -> OpenedRun:
    """Read a run and score its answers: files and ~0.5 s of scoring for 3,000 answers, so
    the panel calls it in a worker thread. OSError or ValueError if it cannot be read."""
    opened = RunFolder.open(folder)
    items = read_test_items(Path(opened.spec.test_set).read_bytes().splitlines())[0]
    stored = opened.answers()
    answers = {(a.item, a.contestant): a for a in stored}
    references = {item.id: item.reference for item in items}
    measures = {key: measure(answer.answer, references[answer.item])
                for key, answer in answers.items() if answer.item in references}
    keys = {(item.id, c.name) for item in items for c in opened.spec.contestants}
    done = len(answered_keys(stored, opened.spec) & keys)
    return OpenedRun(opened, items, answers, measures, done)


class EvaluationPanel(Retranslating, QWidget):
    def __init__(self, context: EvaluationContext, parent: QWidget | None = None, *,
                 runs_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationPanel")
        self.context = context
        self.runs_dir = runs_dir or app_dirs().data / "evaluations"
        self.folder: RunFolder | None = None
        self.items: list[TestItem] = []
        self.runner: EvaluationRunner | None = None
        self.task: asyncio.Task[Any] | None = None
        self.failed = 0
        self._test_path: Path | None = None
        self._training_path: Path | None = None
        # The open run's answers and their (exact match, chrF), kept as they arrive.
        self._answers: dict[tuple[str, str], Answer] = {}
        self._measures: dict[tuple[str, str], Measure] = {}
        self._tokens: dict[str, int] = {}  # prompt text -> its tokens, for the cost estimate
        self._counting: asyncio.Task[None] | None = None
        self._opening: asyncio.Task[None] | None = None
        # Listing models, counting tokens, opening a run: ended by shutdown() too.
        self._side_tasks: set[asyncio.Task[None]] = set()

        self.run_label = QLabel()
        self.run_box = QComboBox()
        self.run_box.setObjectName("runChoice")
        self.new_button = QPushButton()
        self.tabs = QTabWidget()
        self.setup = RunSetup(self._profiles, self._offered_models)
        self.review = ReviewView()
        self.report = ReportView()
        self.tabs.addTab(self.setup, "")
        self.tabs.addTab(self.review, "")
        self.tabs.addTab(self.report, "")
        top = QHBoxLayout()
        top.addWidget(self.run_label)
        top.addWidget(self.run_box, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self._report_timer = QTimer(self)
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(REPORT_EVERY_MS)
        self._report_timer.timeout.connect(self.refresh_report)

        self.new_button.clicked.connect(self.new_run)
        self.run_box.activated.connect(lambda _i: self.open_run(self.run_box.currentData()))
        self.setup.start_requested.connect(self.start_or_continue)
        self.setup.pause_toggled.connect(self.set_paused)
        self.setup.choose_test_set.connect(self.choose_test_set)
        self.setup.models_wanted.connect(self._list_models)
        self.setup.changed.connect(self.update_estimate)
        self.review.voted.connect(lambda _v: self._report_timer.start())
        self.report.export_requested.connect(self.export_dialog)
        self.report.judge_requested.connect(self.judge_dialog)
        self.report.open_example.connect(self.open_in_editor)
        self.report.add_corrected.connect(self.add_corrected)
        self.tabs.currentChanged.connect(lambda _i: self.refresh_report())
        self.tabs.currentChanged.connect(lambda _i: self._refresh_review())
        # A provider added under Providers is offered at once, in every contestant row.
        context.providers_changed.connect(lambda: self.setup.set_profiles(self._profiles()))
        context.providers_changed.connect(self._list_models_where_none_offered)
        self.retranslate_ui()
        self.fill_runs()
        self.new_run()

    # -- texts ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setup.set_profiles(self._profiles())
        self.run_label.setText(self.tr("Run:"))
        self.new_button.setText(self.tr("New run"))
        self.tabs.setTabText(0, self.tr("Run"))
        self.tabs.setTabText(1, self.tr("Review"))
        self.tabs.setTabText(2, self.tr("Report"))
        if self.run_box.count():
            self.run_box.setItemText(0, self.tr("(new run)"))
        self.update_estimate()
        self._update_buttons()

    @property
    def _items_by_id(self) -> dict[str, TestItem]:
        if getattr(self, "_by_id_for", None) is not self.items:
            self._by_id_for = self.items
            self._by_id = {i.id: i for i in self.items}
        return self._by_id

    @property
    def lang(self) -> str:
        """The language the user reads now (the installed translators decide, whatever
        the settings say): our zh_TW file renders this marker as "zh_TW"."""
        marker = QCoreApplication.translate(
            "EvaluationLanguage", "en", "the code of the language of this translation"
        )
        return "zh_TW" if marker == "zh_TW" else "en"

    def _profiles(self) -> list[tuple[str, str]]:
        # "This computer" reads as 這台電腦 in Chinese; a name the user typed stays theirs.
        return [(p.id, p.shown_name(self.lang)) for p in self.context.profiles()]

    def _offered_models(self, provider_id: str) -> list[str]:
        profile = self.context.profile(provider_id)
        return list(profile.default_models) if profile is not None else []

    # -- runs ----------------------------------------------------------------------------------

    def fill_runs(self) -> None:
        self.run_box.clear()
        self.run_box.addItem(self.tr("(new run)"), None)
        folders = sorted(self.runs_dir.glob("*/run.json"), key=lambda p: p.stat().st_mtime,
                         reverse=True) if self.runs_dir.is_dir() else []
        for spec_file in folders:
            try:
                spec = RunSpec.model_validate_json(spec_file.read_bytes())
            except (OSError, ValueError):
                continue
            self.run_box.addItem(f"{spec.title} · {spec.created_at[:16].replace('T', ' ')}",
                                 str(spec_file.parent))
        if self.folder is not None:
            self.run_box.setCurrentIndex(max(0, self.run_box.findData(str(self.folder.folder))))

    def new_run(self) -> None:
        if self.is_running:
            return
        self._close_folder()
        self.items = []
        self.setup.set_editable(True)
        if not self.setup.rows:
            for _ in range(MIN_CONTESTANTS):
                self.setup.add_row(self.context.active_profile_id)
        self.setup.bar.setValue(0)
        self.setup.progress_text.setText("")
        self.run_box.setCurrentIndex(0)
        self._opening = None  # a run still being read is not shown
        self.review.set_run(None, [], {})
        self.report.show_data(None)
        self._update_buttons()

    def open_run(self, folder: str | None) -> asyncio.Task[None] | None:
        """Show a saved run; it is read and scored in a worker thread (the task)."""
        if folder is None:
            self.new_run()
            return None
        if self.is_running:
            return None
        self._close_folder()
        self.setup.progress_text.setText(self.tr("Opening the run…"))
        self._opening = self.context.tasks.start(self._open(Path(folder)), name="eval-open-run")
        self._side(self._opening)
        return self._opening

    async def _open(self, folder: Path) -> None:
        try:
            opened = await run_in_thread(load_run, folder)
        except (OSError, ValueError) as error:
            self.setup.progress_text.setText(self.tr("This run cannot be opened: %1")
                                             .replace("%1", str(error)))
            return
        if asyncio.current_task() is not self._opening or self.is_running:
            opened.folder.close()  # another run was chosen meanwhile
            return
        self.folder, self.items = opened.folder, opened.items
        self._answers.update(opened.answers)
        self._measures.update(opened.measures)
        spec = self.folder.spec
        self.setup.set_editable(False)
        self.setup.set_test_set(Path(spec.test_set),
                                Path(spec.training_file) if spec.training_file else None)
        for row in list(self.setup.rows):
            self.setup.remove_row(row)
        for c in spec.contestants:
            self.setup.add_row(c.provider_id, c.model, c.few_shot)
        self.setup.max_tokens.setValue(spec.params.max_tokens)
        self._show_progress(EvalProgress(opened.done, len(self.items) * len(spec.contestants)))
        self.review.set_run(self.folder, self.items, self._answers)
        self.refresh_report()
        self._update_buttons()

    def _close_folder(self) -> None:
        self._answers.clear()
        self._measures.clear()
        if self.folder is not None:
            self.folder.close()
        self.folder = None

    # -- choosing the test set -----------------------------------------------------------------

    def choose_test_set(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose a test set"),
                             start_folder(self._test_path, self._training_path))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Examples (*.jsonl)"))
        dialog.fileSelected.connect(lambda name: self.use_test_set(Path(name)) if name else None)
        dialog.open()
        return dialog

    def use_test_set(self, path: Path, training: Path | None = None) -> None:
        self._test_path = path
        self._training_path = training or training_for(path)
        self.setup.set_test_set(path, self._training_path)
        try:
            test_lines = path.read_bytes().splitlines()
            self.items = read_test_items(test_lines)[0]
            leaks = (find_leaks(self._training_path.read_bytes().splitlines(), test_lines)
                     if self._training_path and self._training_path.exists() else [])
        except OSError as error:
            self.items, leaks = [], []
            self.setup.leaks.setText(str(error))
        warn = "color: #a40000;" if leaks else ""
        self.setup.leaks.setStyleSheet(warn)
        if leaks:
            where = "; ".join(
                self.tr("“%1”: training line %2, test line %3").replace("%1", leak.question[:30])
                .replace("%2", str(leak.train_line)).replace("%3", str(leak.test_line))
                for leak in leaks[:5]
            )
            self.setup.leaks.setText(
                "⚠ " + self.tr("%n test question(s) are also in the training file: %1", "",
                               len(leaks))
                .replace("%1", where)
            )
        elif self.items:
            self.setup.leaks.setText(self.tr("%n test question(s).", "", len(self.items)))
        self.update_estimate()
        self._update_buttons()

    # -- contestants -----------------------------------------------------------------------------

    def contestants(self) -> list[Contestant]:
        training = (self._training_path.read_bytes().splitlines()
                    if self._training_path and self._training_path.exists() else [])
        made: list[Contestant] = []
        for provider_id, model, k in self.setup.choices():
            if k > 0:
                contestant = prompt_baseline(model, provider_id, training, k, seed=0,
                                             avoid_questions=[i.question for i in self.items])
            else:
                contestant = Contestant(name=model, provider_id=provider_id, model=model)
            names = {c.name for c in made}
            if contestant.name in names:  # the same model on two providers
                contestant.name = f"{contestant.name} ({len(made) + 1})"
            made.append(contestant)
        return made

    def _list_models(self, row: ContestantRow) -> None:
        self._list_models_into([row], asked=True)

    def _list_models_into(self, rows: list[ContestantRow], *, asked: bool) -> None:
        """Offer the provider's models in `rows` (all on one provider: ↻, or by itself,
        `asked` False, where rows have nothing to offer); then rows without a model take,
        in order, ones no other row has."""
        provider = rows[0].provider.currentData()

        async def fetch() -> None:
            try:
                client = await self.context.client(provider)
                models = await client.list_models()
            except Exception as error:  # shown, never raised into Qt
                if asked:
                    self.setup.progress_text.setText(str(error))
                else:
                    log.info("listing %s's models failed: %s", provider, error)
                return
            # Base models, then fine-tunes, then checkpoints: two fresh rows then compare
            # the base model with its fine-tune, the question an evaluation asks first.
            ordered = sorted(models, key=lambda m: (
                parse_model_id(m.id).checkpoint_step is not None, m.is_fine_tuned))
            for row in rows:
                if row in self.setup.rows and row.provider.currentData() == provider:
                    row.set_models([m.id for m in ordered], pick_first=False)
            self.setup.fill_empty_models()

        self._side(self.context.tasks.start(fetch(), name="eval-list-models"))

    def _list_models_where_none_offered(self) -> None:
        """Rows whose provider has no models to offer first list the provider's models
        once, so a new user need not find ↻ (the base model beside its fine-tune)."""
        if self.folder is not None or not self.isVisible():
            return
        waiting: dict[str, list[ContestantRow]] = {}
        for row in self.setup.rows:
            provider = row.provider.currentData()
            if (provider and row.model.count() == 0 and not row.model.currentText().strip()
                    and row.listed_for != provider):
                row.listed_for = provider
                waiting.setdefault(provider, []).append(row)
        for rows in waiting.values():
            self._list_models_into(rows, asked=False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # From the event loop, not from inside whatever showed the panel.
        QTimer.singleShot(0, self._list_models_where_none_offered)

    def update_estimate(self) -> None:
        """What the contestants' providers may charge: every prompt's tokens in, at most max
        tokens out per answer (an upper bound; real answers are usually shorter). Prompts
        are counted in a worker thread, each distinct text once (a test set's 1,000
        questions take the tokenizer ~0.1 s): until then the estimate says it is coming."""
        if not self.items or self.folder is not None:
            self.setup.cost.setText("")
            return
        paid: list[Contestant] = []
        unknown: set[str] = set()  # services whose prices the app cannot know
        contestants = self.contestants()
        if not contestants:
            self.setup.cost.setText("")
            return
        for contestant in contestants:
            profile = self.context.profile(contestant.provider_id)
            if profile is None or profile.kind is ProviderKind.LOCAL_ENGINE:
                continue
            if profile.kind in PAID:
                paid.append(contestant)
            else:
                unknown.add(profile.shown_name(self.lang))
        prompts = [[str(m.get("content", "")) for item in self.items
                    for m in contestant.messages_for(item)] for contestant in paid]
        uncounted = {text for texts in prompts for text in texts} - self._tokens.keys()
        if uncounted:
            self.setup.cost.setText(self.tr("Estimating the cost…"))
            if self._counting is None or self._counting.done():
                self._counting = self.context.tasks.start(self._count_tokens(uncounted),
                                                          name="eval-count-tokens")
                self._side(self._counting)
            return
        max_tokens = self.setup.max_tokens.value()
        sentences: list[str] = []
        if paid:
            total = 0.0
            unpriced: list[str] = []
            for contestant, texts in zip(paid, prompts, strict=True):
                cost = estimate_answer_cost(contestant.model,
                                            sum(self._tokens[text] for text in texts),
                                            max_tokens * len(self.items))
                if cost is None:
                    unpriced.append(contestant.model)
                else:
                    total += cost
            sentences.append(
                self.tr("Cost on paid providers: at most US$%1 (list prices of %2).")
                .replace("%1", f"{total:.2f}").replace("%2", INFERENCE_PRICE_DATE))
            if unpriced:
                sentences.append(self.tr("No price known for: %1.")
                                 .replace("%1", ", ".join(unpriced)))
        if unknown:
            sentences.append(self.tr("%1 may charge for answers; the app does not know its "
                                     "prices.").replace("%1", ", ".join(sorted(unknown))))
        if not sentences:
            sentences.append(self.tr("Free: every contestant runs on this computer."))
        self.setup.cost.setText(functools.reduce(join_sentences, sentences))

    async def _count_tokens(self, texts: set[str]) -> None:
        counted = await run_in_thread(lambda: {text: count_text_tokens(text) for text in texts})
        self._tokens.update(counted)
        self.update_estimate()

    # -- running -------------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self.task is not None and not self.task.done()

    async def _chat_for(self, provider_id: str) -> Any:
        return await self.context.client(provider_id)

    def start_or_continue(self) -> None:
        if self.is_running:
            return
        if self.folder is None:
            if self._test_path is None or not self.items:
                self.setup.progress_text.setText(self.tr("Choose a test set first."))
                return
            contestants = self.contestants()
            spec = RunSpec(
                title=self._test_path.name, test_set=str(self._test_path.resolve()),
                training_file=str(self._training_path) if self._training_path else None,
                contestants=contestants,
                params=RunParams(max_tokens=self.setup.max_tokens.value()),
                seed=int(time.time()) % 100_000,
            )
            try:
                spec.check()
            except ValueError:
                self.setup.progress_text.setText(self.tr(
                    "Give 2 to 6 contestants with different models or few-shot settings."))
                return
            self.setup.set_editable(False)
            self.task = self.context.tasks.start(self._create_and_run(spec))
            self._update_buttons()
            return
        self._continue()

    async def _create_and_run(self, spec: RunSpec) -> None:
        # Writing run.json ends in an fsync: a worker thread waits for the disk, not the GUI.
        self.folder = await asyncio.to_thread(RunFolder.create, self.runs_dir / spec.id, spec)
        self.fill_runs()
        self.review.set_run(self.folder, self.items, self._answers)
        self.task = None
        self._continue()

    def _continue(self) -> None:
        assert self.folder is not None
        clients = TwinClients()
        self.runner = EvaluationRunner(clients.chat_for, self.folder,
                                       concurrency=self.setup.concurrency.value())
        self.failed = len(self.folder.failures(set(self._answers)))
        self.task = self.context.tasks.start(self._run(self.runner, clients, self.items))
        self._update_buttons()

    async def _run(self, runner: EvaluationRunner, clients: TwinClients,
                   items: list[TestItem]) -> None:
        try:
            for provider_id in {c.provider_id for c in runner.folder.spec.contestants}:
                # The app's client, got here on the GUI loop (it may start the engine or
                # read the key store); the run's thread makes its twin.
                try:
                    clients.add(provider_id, await self._chat_for(provider_id))
                except Exception as error:  # each of its answers fails with it, as before
                    clients.add(provider_id, error)
            if self.tabs.currentWidget() is self.report:
                self.refresh_report()  # the starting point that answers are added to
            batches = stream_in_thread(
                lambda: scored_progress(runner, clients, items), min_interval=PROGRESS_EVERY_S
            )
            async with contextlib.aclosing(batches):  # whatever ends this, the thread ends
                async for batch in batches:
                    self._file_batch(batch)
        except Exception:  # the runner keeps failures per answer; this is a bug: say so
            log.exception("evaluation run stopped")
            self.setup.progress_text.setText(self.tr("The run stopped unexpectedly; "
                                                     "Continue the run picks it up."))
        finally:
            # No report rebuild here: an open report followed the answers, and a closed
            # one is built when its tab is opened.
            self.task = None
            self.runner = None
            self.setup.pause.setChecked(False)
            self._update_buttons()

    def _file_batch(self, batch: list[tuple[EvalProgress, Measure | None]]) -> None:
        """Answers from the run's thread, already scored: keep them, move the bar once, and
        add them to the report if it is shown (otherwise it is built when it is)."""
        added: list[Answer] = []
        for progress, scored in batch:
            answer = progress.answer
            if answer is not None:
                key = (answer.item, answer.contestant)
                self._answers[key] = answer
                if scored is None:
                    self._measures.pop(key, None)
                else:
                    self._measures[key] = scored
                added.append(answer)
            if progress.failure is not None:
                self.failed += 1
        self._show_progress(batch[-1][0])
        if added and self.tabs.currentWidget() is self.report:
            self.report.add_answers(added)
        if added:
            self._refresh_review()

    def _refresh_review(self) -> None:
        if self.tabs.currentWidget() is self.review:
            self.review.refresh_answers()

    def _show_progress(self, progress: EvalProgress) -> None:
        self.setup.bar.setMaximum(max(1, progress.total))
        self.setup.bar.setValue(progress.done)
        text = self.tr("%1 of %2 answers").replace("%1", str(progress.done)) \
            .replace("%2", str(progress.total))
        if progress.remaining_s is not None and progress.done < progress.total:
            text += self.tr(" · about %1 left").replace(
                "%1", self._duration(progress.remaining_s))
        if self.failed:
            text += " · " + self.tr(
                "%n answer(s) failed (Continue the run tries them again)", "", self.failed)
        if self.runner is not None and self.runner.paused:
            text += " · " + self.tr("paused")
        self.setup.progress_text.setText(text)

    def _duration(self, seconds: float) -> str:
        whole = max(0, int(seconds))
        if whole < 90:
            return self.tr("%1 s").replace("%1", str(whole))
        if whole < 5400:
            return self.tr("%1 min").replace("%1", str(round(whole / 60)))
        return self.tr("%1 h").replace("%1", f"{whole / 3600:.1f}")

    def set_paused(self, paused: bool) -> None:
        if self.runner is not None:
            if paused:
                self.runner.pause()
            else:
                self.runner.resume()
        self.setup.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def _update_buttons(self) -> None:
        running = self.is_running
        self.setup.pause.setEnabled(running)
        self.new_button.setEnabled(not running)
        self.run_box.setEnabled(not running)
        if self.folder is None:
            self.setup.start.setText(self.tr("Start"))
            self.setup.start.setEnabled(not running and bool(self.items))
            return
        total = len(self.items) * len(self.folder.spec.contestants)
        complete = self.setup.bar.value() >= total and not self.failed
        self.setup.start.setText(self.tr("Continue the run"))
        self.setup.start.setEnabled(not running and not complete)

    # -- report --------------------------------------------------------------------------------

    def refresh_report(self) -> None:
        """Rebuild the report from the answers kept in memory; each answer was scored once
        as it arrived, so a refresh costs little even for thousands of answers."""
        if self.folder is None:
            return
        self.report.show_data(
            report_data(self.folder, self.items, list(self._answers.values()), self._measures)
        )

    def export_dialog(self) -> QFileDialog | None:
        if self.folder is None:
            return None
        dialog = QFileDialog(self, self.tr("Export report"), start_folder(self._test_path))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Web page (*.html)"))
        dialog.setDefaultSuffix("html")
        dialog.selectFile(f"evaluation-{self.folder.spec.id}.html")
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)) if name else None)
        dialog.open()
        return dialog

    def export_to(self, path: Path) -> list[Path]:
        assert self.folder is not None
        written = write_report(report_data(self.folder, self.items), path, self.lang)
        self.context.status_message.emit(self.tr("Report written: %1").replace("%1", str(path)))
        return written

    def judge_dialog(self) -> JudgeDialog | None:
        if self.folder is None:
            return None
        dialog = JudgeDialog(self._profiles(), self.lang, self)
        dialog.chosen.connect(self.start_judge)
        dialog.open()
        return dialog

    def start_judge(self, setup: JudgeSetup) -> None:
        if self.folder is None or self.is_running:
            return
        names = [c.name for c in self.folder.spec.contestants]
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]

        async def judge() -> None:
            assert self.folder is not None
            try:
                async for done, total in run_judge(self._chat_for, self.folder, self.items,
                                                   setup, pairs):
                    self.setup.progress_text.setText(
                        self.tr("AI judge: %1 of %2").replace("%1", str(done))
                        .replace("%2", str(total)))
            finally:
                self.task = None
                self._update_buttons()
                self.refresh_report()

        self.task = self.context.tasks.start(judge(), name="eval-judge")
        self._update_buttons()

    def open_in_editor(self, item: TestItem) -> None:
        if self.folder is not None:
            self.context.show_example_requested.emit(self.folder.spec.test_set, item.line - 1, "")

    def add_corrected(self, item: TestItem, lost_answer: str) -> CorrectedAnswerDialog:
        dialog = CorrectedAnswerDialog(item, lost_answer, self.lang, self)
        dialog.example_ready.connect(self.context.add_example_requested)
        dialog.open()
        return dialog

    def _side(self, task: asyncio.Task[None]) -> None:
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    async def shutdown(self) -> None:
        """Stop a run (its thread ends, its requests in flight are cancelled) before the
        run's files are closed: the thread may be writing an answer."""
        task = self.task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task])
        side = [t for t in self._side_tasks if not t.done()]
        self._side_tasks.clear()
        for pending in side:
            pending.cancel()
        if side:
            await asyncio.wait(side, timeout=2)  # they only read; never hold the quit up
        self._close_folder()
