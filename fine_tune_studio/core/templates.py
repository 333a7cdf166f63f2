"""Starter datasets a new user can begin from (the seed article's airport bot, ...).

Templates are JSONL files in a folder the caller names (the app passes
`resources/templates`), so core stays free of any knowledge of where the app is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fine_tune_studio.core.i18n import LocalizedText


@dataclass(frozen=True)
class Template:
    id: str
    title: LocalizedText
    description: LocalizedText
    filename: str


TEMPLATES: tuple[Template, ...] = (
    Template(
        id="airport",
        title=LocalizedText(en="Taoyuan Airport service bot", zh_TW="桃園機場客服機器人"),
        description=LocalizedText(
            en="24 questions travellers ask at Taoyuan Airport, answered in a friendly, "
            "accurate voice (the example from the guide this app grew from).",
            zh_TW="旅客在桃園機場常問的 24 則提問，以親切、正確的語氣回答"
            "（本應用程式所依據文章中的範例）。",
        ),
        filename="airport.zh-TW.jsonl",
    ),
)


def find_template(template_id: str) -> Template:
    for template in TEMPLATES:
        if template.id == template_id:
            return template
    raise KeyError(template_id)


def available_templates(directory: Path) -> list[Template]:
    return [t for t in TEMPLATES if (directory / t.filename).is_file()]


def template_bytes(directory: Path, template_id: str) -> bytes:
    return (directory / find_template(template_id).filename).read_bytes()
