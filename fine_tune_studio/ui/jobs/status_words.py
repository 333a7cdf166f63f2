"""Job statuses in the user's words; a status nobody told us about is still shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def status_text(status: str | None) -> str:
    words = {
        "validating_files": QCoreApplication.translate("JobStatus", "Checking files"),
        "queued": QCoreApplication.translate("JobStatus", "Waiting to start"),
        "running": QCoreApplication.translate("JobStatus", "Training"),
        "succeeded": QCoreApplication.translate("JobStatus", "Finished"),
        "failed": QCoreApplication.translate("JobStatus", "Failed"),
        "cancelled": QCoreApplication.translate("JobStatus", "Cancelled"),
        "paused": QCoreApplication.translate("JobStatus", "Paused"),
        "pausing": QCoreApplication.translate("JobStatus", "Pausing"),
        "cancelling": QCoreApplication.translate("JobStatus", "Cancelling"),
    }
    if not status:
        return QCoreApplication.translate("JobStatus", "Unknown")
    # A new provider status (as `paused` once was for the SDK) is shown as the provider
    # wrote it rather than hidden or mislabelled.
    return words.get(status, status.replace("_", " "))
