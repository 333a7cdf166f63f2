"""Pictures of the real screens for the built-in help's "Getting started".

    .venv/bin/python scripts/help_pictures.py                 # both languages, into the package
    .venv/bin/python scripts/help_pictures.py --out /tmp/pics --lang zh_TW

The app's own main window is built offscreen on a throw-away home (nothing of the user's is
read or written), in each language, and shown at each step of the loop — choose where to
train, write examples, fine-tune, watch it learn, try it — then saved as
`getting-started-<step>.<lang>.png` in `fine_tune_studio/resources/help/pictures/`. The job
on the Training picture and the replies on the Try it picture are made up here (no model is
trained to take a picture); everything else is what the app shows. Run it again after a
screen changes; tests/ui/test_help.py checks that it still runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "fine_tune_studio" / "resources" / "help" / "pictures"
STEPS = ("providers", "examples", "fine-tune", "training", "try-it")
WINDOW = (1000, 640)  # a laptop's window
WIDTH = 640  # as the help window shows them, beside its list of topics


async def _until(condition: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the screen did not get ready: {condition}")
        await asyncio.sleep(0.05)


def _save(widget: object, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    image = widget.grab().toImage()
    image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


JOB_ID = "ftjob-airport"


def _job_json(now: float) -> dict[str, object]:
    return {
        "id": JOB_ID, "object": "fine_tuning.job", "model": "Qwen2.5-0.5B-Instruct",
        "created_at": int(now - 300), "status": "running", "fine_tuned_model": None,
        "finished_at": None, "estimated_finish": int(now + 120), "error": None,
        "hyperparameters": {"n_epochs": 3}, "organization_id": "local", "result_files": [],
        "seed": 42, "trained_tokens": None, "training_file": "file-help",
        "validation_file": None, "user_provided_suffix": "airport",
    }


class _StandInEngine:
    """"This computer" for the pictures: a little server that answers what these screens
    ask (the base models there are, one job in training), so they show as a user with
    the engine installed sees them; nothing is trained."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        started = time.time()

        class Answers(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0].rstrip("/")
                empty: dict[str, object] = {"object": "list", "data": [], "has_more": False}
                if path.endswith("/models"):
                    body: object = {"object": "list", "data": [
                        {"id": "Qwen2.5-0.5B-Instruct", "object": "model", "created": 0,
                         "owned_by": "local"}]}
                elif path.endswith("/fine_tuning/jobs"):
                    body = {**empty, "data": [_job_json(started)]}
                elif path.endswith(f"/fine_tuning/jobs/{JOB_ID}"):
                    body = _job_json(started)
                else:
                    body = empty
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base_url: str | None = f"http://127.0.0.1:{self._server.server_port}/v1"
        self.token: str | None = "help-pictures"

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _loss_points() -> list[object]:
    """A falling loss, as a job well into its training draws it."""
    import math

    from fine_tune_studio.core.metrics import Metric, MetricPoint

    return [
        MetricPoint(step, {Metric.TRAIN_LOSS: 2.4 * math.exp(-step / 18) + 0.15
                           + 0.08 * math.sin(step * 1.7)}, total_steps=72)
        for step in range(1, 49)
    ]


async def pictures_in(lang: str, out: Path) -> list[Path]:
    from fine_tune_studio.core.conversation import Conversation, ModelRef, Reply, ReplyStatus
    from fine_tune_studio.core.providers import local_engine_profile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.i18n import LanguageSwitcher
    from fine_tune_studio.ui.main_window import MainWindow

    switcher = LanguageSwitcher()
    switcher.apply(lang)
    profile = local_engine_profile("This computer" if lang == "en" else "這台電腦")
    settings = AppSettings(providers=[profile], active_provider_id=profile.id, language=lang)
    context = AppContext(
        SettingsStore(), settings=settings, language_switcher=switcher,
        engine_factory=_StandInEngine,
    )
    window = MainWindow(context)
    window.resize(*WINDOW)
    window.show()
    editor = window.panel_widgets["editor"]
    editor.auto_offer_recovery = False
    saved: list[Path] = []

    def picture(step: str, widget: object = window) -> None:
        path = out / f"getting-started-{STEPS.index(step) + 1}-{step}.{lang}.png"
        _save(widget, path)
        saved.append(path)

    try:
        window.show_panel("settings")
        await asyncio.sleep(0.3)
        picture("providers")

        window.show_panel("editor")
        await editor.new_from_template("airport")
        await _until(lambda: not editor.session.checking and len(editor.session) > 0)
        editor.select_line(1)
        await asyncio.sleep(0.3)
        picture("examples")

        jobs = window.panel_widgets["jobs"]
        window.show_panel("jobs")
        wizard = jobs.open_wizard()
        page = wizard.data_page
        await _until(lambda: not page._checking and not page._loading_models)
        await asyncio.sleep(0.3)
        picture("fine-tune", wizard)
        wizard.reject()

        window.show_panel("jobs")
        await _until(lambda: jobs.model.rowCount() > 0)
        key = jobs.model.key_at(0)
        assert key is not None
        jobs.select_job(key)
        jobs.signals.listener.metrics_added(key, _loss_points())
        await asyncio.sleep(0.5)
        picture("training")

        playground = window.panel_widgets["playground"]
        window.show_panel("playground")
        question = "請問我可以帶豬肉乾入境台灣嗎?"
        conversation = Conversation(models=[
            ModelRef(provider_id=profile.id, model="Qwen2.5-0.5B-Instruct"),
            ModelRef(provider_id=profile.id, model="ft:Qwen2.5-0.5B-Instruct:airport"),
        ])
        turn = conversation.add_user_turn(question)
        turn.replies = [
            Reply(text="可以，但請注意重量限制。", status=ReplyStatus.DONE),
            Reply(text="根據動植物防疫檢疫規定，所有肉類及肉類加工品（包含真空包裝）都禁止攜帶入境。",
                  status=ReplyStatus.DONE),
        ]
        playground.library.save(conversation)
        playground.open_conversation(conversation.id)
        await asyncio.sleep(0.5)
        picture("try-it")
    finally:
        editor.undo_stack.setClean()
        await window.shutdown_panels()
        window.close()
        await context.shutdown()
        window.deleteLater()
    return saved


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lang", nargs="+", default=["en", "zh_TW"], choices=["en", "zh_TW"])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="help-pictures-"))
    os.environ["FINE_TUNE_STUDIO_HOME"] = str(home)  # a home of its own: nothing of the user's
    sys.path.insert(0, str(REPO))

    import qasync
    from PySide6.QtWidgets import QApplication

    from fine_tune_studio.ui import memory

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)  # as the app: closing a window ends no loop
    memory.install()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for lang in args.lang:
            for path in loop.run_until_complete(pictures_in(lang, args.out)):
                print(path)
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
