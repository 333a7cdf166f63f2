"""A job's event log in the reader's language.

Providers write their events in English (OpenAI's wording, which our engine copies). The
sentences they are known to write are matched here and said in the language shown; what
they add (a job id, a file, a number, the provider's own reason) is kept as written.
Anything unknown is shown as the provider wrote it: an untranslated line beats a wrong
one. The English text is the provider's own, so in English nothing changes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "JobEvents"

# (pattern of the provider's sentence, its words with %1, %2 … for the captured parts)
_KNOWN: tuple[tuple[re.Pattern[str], object], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"^Created fine-tuning job: (.+)$",
         QT_TRANSLATE_NOOP("JobEvents", "Created fine-tuning job: %1")),
        (r"^Validating training file: (.+)$",
         QT_TRANSLATE_NOOP("JobEvents", "Validating training file: %1")),
        (r"^Validating training file: (.+) and validation file: (.+)$",
         QT_TRANSLATE_NOOP("JobEvents", "Validating training file %1 and validation file %2")),
        (r"^Files validated, moving job to queued state$",
         QT_TRANSLATE_NOOP("JobEvents", "Files validated, moving job to queued state")),
        (r"^Validated the training files; the job is queued$",
         QT_TRANSLATE_NOOP("JobEvents", "Validated the training files; the job is queued")),
        (r"^Fine-tuning job started$",
         QT_TRANSLATE_NOOP("JobEvents", "Fine-tuning job started")),
        (r"^Fine-tuning job cancelled$",
         QT_TRANSLATE_NOOP("JobEvents", "Fine-tuning job cancelled")),
        (r"^Fine-tuning job paused$",
         QT_TRANSLATE_NOOP("JobEvents", "Fine-tuning job paused")),
        (r"^Fine-tuning job resumed$",
         QT_TRANSLATE_NOOP("JobEvents", "Fine-tuning job resumed")),
        (r"^Cancelling the job: stopping training at the next step\.$",
         QT_TRANSLATE_NOOP("JobEvents", "Cancelling the job: stopping training at the next "
                           "step.")),
        (r"^Checkpoint created at step (\d+)$",
         QT_TRANSLATE_NOOP("JobEvents", "Checkpoint created at step %1")),
        (r"^New fine-tuned model created: (.+)$",
         QT_TRANSLATE_NOOP("JobEvents", "New fine-tuned model created: %1")),
        (r"^The job has successfully completed$",
         QT_TRANSLATE_NOOP("JobEvents", "The job has successfully completed")),
        (r"^Fine-tuning job failed: (.+)$",
         QT_TRANSLATE_NOOP("JobEvents", "Fine-tuning job failed: %1")),
        (r"^Usage policy evaluations completed, model is now enabled for sampling$",
         QT_TRANSLATE_NOOP("JobEvents", "Usage policy evaluations completed, model is now "
                           "enabled for sampling")),
        (r"^Evaluating model against our usage policies$",
         QT_TRANSLATE_NOOP("JobEvents", "Evaluating model against our usage policies")),
    )
)
# "Step 12/300: training loss=1.23, validation loss=1.45" (OpenAI's and our engine's).
_STEP = re.compile(r"^Step (\d+)/(\d+|\?): (.*)$")
_METRIC_WORDS: dict[str, object] = {
    "training loss": QT_TRANSLATE_NOOP("JobEvents", "training loss"),
    "validation loss": QT_TRANSLATE_NOOP("JobEvents", "validation loss"),
    "full validation loss": QT_TRANSLATE_NOOP("JobEvents", "full validation loss"),
    "no metrics": QT_TRANSLATE_NOOP("JobEvents", "no metrics"),
}


def _tr(text: object) -> str:
    """QT_TRANSLATE_NOOP marks a text for lupdate; its stub types the result as object."""
    return QCoreApplication.translate(_CONTEXT, str(text))


def event_words(message: str) -> str:
    """`message` in the language shown, where it is a sentence providers are known to
    write; as written otherwise."""
    text = message.strip()
    step = _STEP.match(text)
    if step is not None:
        parts = []
        for part in step.group(3).split(", "):
            name, sep, value = part.partition("=")
            known = _METRIC_WORDS.get(name.strip())
            parts.append(f"{_tr(known)}{sep}{value}" if known else part)
        return (_tr(QT_TRANSLATE_NOOP("JobEvents", "Step %1/%2: %3"))
                .replace("%1", step.group(1)).replace("%2", step.group(2))
                .replace("%3", _tr(QT_TRANSLATE_NOOP("JobEvents", ", ")).join(parts)))
    # The longest pattern first would matter only for the two "Validating" sentences:
    # the one with a validation file is tried before the one without.
    for pattern, words in sorted(_KNOWN, key=lambda known: -len(known[0].pattern)):
        found = pattern.match(text)
        if found is not None:
            said = _tr(words)
            for i, group in enumerate(found.groups(), start=1):
                said = said.replace(f"%{i}", group)
            return said
    return message
