"""Keeps API keys out of the log file and out of every text the shell shows.

The scrubbing itself lives in `services.errors` (it masks the keys the key store and the
live clients hold at that moment, and key-shaped strings by pattern); this module applies
it to logging.
"""

from __future__ import annotations

import logging

from fine_tune_studio.services.errors import scrub_secrets

__all__ = ["ScrubbingFilter", "scrub"]


def scrub(text: str) -> str:
    return scrub_secrets(text)


class ScrubbingFilter(logging.Filter):
    """Rewrites each record's final text (message and traceback) through the scrubber."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = scrub(message)
        record.args = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        # The traceback is text now; keeping exc_info would let a formatter redo it raw.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
