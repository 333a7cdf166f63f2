"""The one exception an export raises: a code the app words, and plain English for the CLI."""

from __future__ import annotations

import errno

from fine_tune_studio.core.model_export import ExportErrorCode


class ExportError(Exception):
    def __init__(self, code: ExportErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def from_os_error(error: OSError, what: str) -> ExportError:
    """A failed write or read in words: a full disk is said as such, not as errno 28."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(
            ExportErrorCode.DISK_FULL,
            f"The disk filled up while writing {what}. Free some space (or choose a folder "
            "on another disk) and export again; nothing was left behind.",
        )
    reason = error.strerror or str(error)
    return ExportError(ExportErrorCode.FAILED, f"Could not write {what}: {reason}.")
