"""What one engine process was started with."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_MAX_UPLOAD_MB = 512
TOKEN_ENV = "FINE_TUNE_STUDIO_ENGINE_TOKEN"
# Off loopback anyone who can reach the port can try tokens: at least 32 characters, and
# not a few repeated (secrets.token_urlsafe(32) gives 43 from 64 symbols).
MIN_NETWORK_TOKEN_LENGTH = 32
MIN_NETWORK_TOKEN_SYMBOLS = 10
MAKE_TOKEN_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
PRIVATE_DIR_MODE = 0o700


@dataclass(frozen=True)
class EngineConfig:
    data_dir: Path
    models_dir: Path
    token: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "engine.sqlite3"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_token_problem(token: str | None) -> str | None:
    """Why `token` is too weak to guard an engine reachable from the network; None if not."""
    if not token:
        return "without a token: anyone on the network could use this engine"
    if len(token) < MIN_NETWORK_TOKEN_LENGTH or len(set(token)) < MIN_NETWORK_TOKEN_SYMBOLS:
        return (
            f"with a weak token: off this computer the token must be at least "
            f"{MIN_NETWORK_TOKEN_LENGTH} random characters"
        )
    return None


def make_private_dir(path: Path) -> None:
    """Create `path` (and its parents) if needed and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        path.chmod(PRIVATE_DIR_MODE)
