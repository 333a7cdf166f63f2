"""The `fine-tune-studio` entry point: the desktop app by default, plus sub-commands.

Each sub-command imports its room lazily so `validate` starts fast and needs no Qt or torch.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

COMMANDS = ("validate", "engine")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fine-tune-studio",
        description="Write fine-tuning examples, train models and compare them. "
        "With no command, opens the desktop app (`fine-tune-studio [--lang en|zh_TW] "
        "[FILE.jsonl]`). `--version` prints the version; `--self-test` checks this "
        "installation without a screen (exit 0 when it works).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from fine_tune_studio.commands import validate

    validate.add_parser(commands)

    engine = commands.add_parser(
        "engine", help="the local OpenAI-compatible fine-tuning engine"
    )
    engine_commands = engine.add_subparsers(dest="engine_command", metavar="ENGINE_COMMAND")
    from fine_tune_studio.commands import engine_serve

    engine_serve.add_parser(engine_commands)
    from fine_tune_studio.commands import evaluate

    evaluate.add_parser(commands)
    from fine_tune_studio.commands import models

    models.add_parser(commands)
    return parser


def opens_the_app(args: Sequence[str]) -> bool:
    """No command: the app, with its options (--lang, Qt's -platform) or files to open.

    A first word that is neither a command nor something that looks like a file (a typo
    such as `valdate`) goes to the command parser, which names the commands."""
    if not args:
        return True
    first = args[0]
    if first in COMMANDS or first in ("-h", "--help"):
        return False
    if first.startswith("-"):
        return True
    path = Path(first)
    return path.exists() or bool(path.suffix) or len(path.parts) > 1


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] in (["--version"], ["-V"]):
        from fine_tune_studio import __version__

        print(f"fine-tune-studio {__version__}")
        return 0
    if args_list[:1] == ["--self-test"]:
        from fine_tune_studio.ui.self_test import run_self_test

        return run_self_test(args_list[1:])
    if opens_the_app(args_list):
        from fine_tune_studio.ui.app import run_app

        return run_app(args_list)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        # argparse exits 2 on bad arguments, which is also our "can't run" code.
        return int(exit_.code or 0)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args))


if __name__ == "__main__":
    sys.exit(main())
