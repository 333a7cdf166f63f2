"""Screenshots of the Evaluation room for a person to look at (not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.evaluation.screens OUT_DIR

Writes, in English and Traditional Chinese at 1024×700 and 1600×1000: the set-aside
dialog, the run setup, a paused run's progress, the review screen and the report; plus
the exported HTML reports (render them with headless Chromium to look at them).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tests.support.answer_server import AnswerServer
from tests.support.test_files import AIRPORT_FAQ

SIZES = ((1024, 700), (1600, 1000))


def main(out: Path) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    from fine_tune_studio.core.eval_stats import Choice
    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.core.test_sets import read_test_items
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.editor import EditorPanel
    from fine_tune_studio.ui.evaluation import EvaluationPanel
    from fine_tune_studio.ui.evaluation.set_aside_dialog import SetAsideDialog
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    items = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0]
    server = AnswerServer({i.question: i.reference for i in items[::2]}).start()
    tmp = Path(tempfile.mkdtemp())
    os.environ["FINE_TUNE_STUDIO_HOME"] = str(tmp / "home")
    switcher = LanguageSwitcher()
    try:
        profile = ProviderProfile(id="s", kind=ProviderKind.OPENAI_COMPATIBLE,
                                  display_name="Local test server", base_url=server.base_url)
        context = AppContext(SettingsStore(home=tmp / "home"),
                             settings=AppSettings(providers=[profile], active_provider_id="s"))
        training = tmp / "airport.jsonl"
        shutil.copy(AIRPORT_FAQ, training)
        for lang in ("en", "zh_TW"):
            switcher.apply(lang)
            app.processEvents()
            editor = EditorPanel(context)
            assert loop.run_until_complete(editor.open_path(training, ask=False))
            dialog = SetAsideDialog(editor.line_texts(), training, editor)
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out / f"set-aside-{lang}.png"))
            dialog.close()

            panel = EvaluationPanel(context, runs_dir=tmp / f"runs-{lang}")
            panel.use_test_set(AIRPORT_FAQ, training)
            for row in list(panel.setup.rows):
                panel.setup.remove_row(row)
            panel.setup.add_row("s", "echo-base", 0)
            panel.setup.add_row("s", "oracle-tuned", 0)
            panel.setup.add_row("s", "echo-base", 3)
            panel.show()
            for w, h in SIZES:
                panel.resize(w, h)
                app.processEvents()
                panel.grab().save(str(out / f"setup-{lang}-{w}.png"))

            async def run_some(panel: EvaluationPanel = panel) -> None:
                server.delay = 0.05
                panel.setup.concurrency.setValue(1)
                panel.start_or_continue()
                while panel.setup.bar.value() < 20:
                    await asyncio.sleep(0.02)
                panel.setup.pause.click()
                while panel.runner is not None and panel.setup.bar.value() < 21:
                    await asyncio.sleep(0.02)
                await asyncio.sleep(0.3)

            loop.run_until_complete(run_some())
            panel.resize(1024, 700)
            app.processEvents()
            panel.grab().save(str(out / f"progress-{lang}-1024.png"))

            async def finish(panel: EvaluationPanel = panel) -> None:
                server.delay = 0.0
                panel.setup.pause.click()
                while panel.is_running:
                    await asyncio.sleep(0.05)

            loop.run_until_complete(finish())
            review = panel.review
            panel.tabs.setCurrentWidget(review)
            review.reviewer.setText("Amy")
            for n in range(16):
                oracle_left = review.sides(items[review.index])[0] == "oracle-tuned"
                choice = (Choice.A if oracle_left else Choice.B) if n % 5 else Choice.TIE
                if n % 7 == 6:
                    choice = Choice.B if oracle_left else Choice.A
                review.vote(choice)
            review.reference_button.setChecked(True)
            review.note.setText("口氣可以再親切一點")
            for w, h in SIZES:
                panel.resize(w, h)
                app.processEvents()
                panel.grab().save(str(out / f"review-{lang}-{w}.png"))
            panel.tabs.setCurrentWidget(panel.report)
            panel.refresh_report()
            for w, h in SIZES:
                panel.resize(w, h)
                app.processEvents()
                panel.grab().save(str(out / f"report-{lang}-{w}.png"))
            panel.export_to(out / f"report-{lang}.html")
            loop.run_until_complete(panel.shutdown())
            panel.close()
            editor.close()
        loop.run_until_complete(context.registry.aclose())
    finally:
        switcher.apply("en")
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
