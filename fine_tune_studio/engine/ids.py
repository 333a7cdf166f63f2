"""Object ids in OpenAI's style, checked before they ever touch a path or a query.

Ids are the only client-supplied strings that become file names (files/<id>, jobs/<id>), so
a strict alphabet is what keeps requests inside the data dir.
"""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits
_RANDOM_LEN = 24

FILE_PREFIX = "file-"
JOB_PREFIX = "ftjob-"
EVENT_PREFIX = "ftevent-"
CHECKPOINT_PREFIX = "ftckpt-"
CHAT_PREFIX = "chatcmpl-"

_ID_RE = re.compile(r"^(file|ftjob|ftevent|ftckpt)-[A-Za-z0-9]{1,64}$")


def new_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LEN))


def is_valid_id(value: str, prefix: str) -> bool:
    return value.startswith(prefix) and _ID_RE.fullmatch(value) is not None


def short_part(job_id: str) -> str:
    """The random part of a job id, used as the last segment of fine-tuned model names."""
    return job_id.removeprefix(JOB_PREFIX)
