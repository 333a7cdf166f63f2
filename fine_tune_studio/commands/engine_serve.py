"""`fine-tune-studio engine serve`: run the local OpenAI-compatible fine-tuning engine."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from fine_tune_studio.paths import engine_default_data_dir, engine_default_models_dir

# Set by the app's launcher: the engine stops when the app that started it is gone, even if
# the app was killed and could not stop it.
EXIT_WITH_PARENT_ENV = "FINE_TUNE_STUDIO_ENGINE_EXIT_WITH_PARENT"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    from fine_tune_studio.engine.config import DEFAULT_HOST, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT

    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the OpenAI-compatible fine-tuning API (see docs/engine.md)",
        description="Serve OpenAI's files, fine_tuning.jobs, models and chat.completions "
        "endpoints under /v1 for models found in --models-dir. Every /v1 request needs "
        "'Authorization: Bearer TOKEN'.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default {DEFAULT_HOST}; any other address "
                        "needs a token of at least 32 random characters)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"records, uploads and adapters (default {engine_default_data_dir()})")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="Hugging Face model folders, one per base model "
                        f"(default {engine_default_models_dir()})")
    parser.add_argument("--token", default=None,
                        help="bearer token clients must send; prefer the environment variable "
                        "FINE_TUNE_STUDIO_ENGINE_TOKEN, which other users cannot see in the "
                        "process list (default on loopback: a fresh random token, printed)")
    parser.add_argument("--max-upload-mb", type=float, default=DEFAULT_MAX_UPLOAD_MB,
                        help=f"largest accepted upload in MB (default {DEFAULT_MAX_UPLOAD_MB})")
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from fine_tune_studio.engine.config import (
        MAKE_TOKEN_COMMAND,
        TOKEN_ENV,
        EngineConfig,
        is_loopback,
        network_token_problem,
    )

    token = args.token or os.environ.get(TOKEN_ENV) or None
    problem = None if is_loopback(args.host) else network_token_problem(token)
    if problem is not None:
        print(
            f"Refusing to listen on {args.host} {problem}. Make a token with\n"
            f"    {MAKE_TOKEN_COMMAND}\n"
            f"and pass it in the environment variable {TOKEN_ENV} (or --token).",
            file=sys.stderr,
        )
        return 2
    if token is None:
        token = secrets.token_urlsafe(32)
        print(f"Engine token (send as 'Authorization: Bearer ...'): {token}", flush=True)
    if args.max_upload_mb <= 0:
        print("--max-upload-mb must be positive", file=sys.stderr)
        return 2
    config = EngineConfig(
        data_dir=(args.data_dir or engine_default_data_dir()).expanduser().resolve(),
        models_dir=(args.models_dir or engine_default_models_dir()).expanduser().resolve(),
        token=token,
        host=args.host,
        port=args.port,
        max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
    )
    import uvicorn

    from fine_tune_studio.engine.api.app import SERVER_OPTIONS, create_app

    # Everything the engine and its workers write (records, uploads, adapters, logs) is for
    # this user only; create_app also makes the data dir itself private.
    os.umask(0o077)
    from fine_tune_studio.engine.parent_watch import stop_when_parent_exits

    if os.environ.get(EXIT_WITH_PARENT_ENV) == "1":
        stop_when_parent_exits(poll_seconds=2.0)
    print(
        f"Fine Tune Studio engine on http://{config.host}:{config.port}/v1 "
        f"(models: {config.models_dir}, data: {config.data_dir})",
        file=sys.stderr, flush=True,
    )
    uvicorn.run(create_app(config), host=config.host, port=config.port, **SERVER_OPTIONS)
    return 0
