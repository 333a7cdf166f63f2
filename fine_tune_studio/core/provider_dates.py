"""Dated facts about providers closing doors: what stops, when, and where it is written.

One table, so the settings form, the launch wizard, the model pickers and the docs quote
the same dates. Every row names the page that states it and when that page was read; a
date goes in only where such a page states it (no guessed retirements). Words live in
data (`LocalizedText`) so that core can say them without Qt; the UI picks the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fine_tune_studio.core.i18n import LocalizedText
from fine_tune_studio.core.providers import ProviderKind

OPENAI_DEPRECATIONS_URL = "https://platform.openai.com/docs/deprecations"
AZURE_RETIREMENTS_URL = (
    "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements"
)


class Stop(StrEnum):
    """What a dated row takes away."""

    NEW_JOBS = "new_jobs"  # no new fine-tuning jobs (for the group the row names)
    MODELS = "models"  # the models (and their fine-tunes) stop answering


@dataclass(frozen=True)
class ProviderDate:
    provider: ProviderKind
    stop: Stop
    day: date
    what: LocalizedText  # who loses what, in a sentence without the date
    source_url: str
    read_on: str  # when (and how) the source was read, for docs/providers.md
    families: tuple[str, ...] = ()  # model families the row concerns (Stop.MODELS)

    def passed(self, today: date) -> bool:
        return self.day <= today


PROVIDER_DATES: tuple[ProviderDate, ...] = (
    ProviderDate(
        ProviderKind.OPENAI,
        Stop.NEW_JOBS,
        date(2026, 5, 7),
        LocalizedText(
            en="Organisations that had never fine-tuned can no longer start fine-tuning jobs.",
            zh_TW="從未做過微調的組織不能再建立微調工作。",
        ),
        OPENAI_DEPRECATIONS_URL,
        "2026-11-30, the page's 'Update to OpenAI's self-serve fine-tuning' (May 2026 revision)",
    ),
    ProviderDate(
        ProviderKind.OPENAI,
        Stop.NEW_JOBS,
        date(2026, 7, 2),
        LocalizedText(
            en="Organisations that ran no fine-tuned model in the 60 days before can no "
            "longer start fine-tuning jobs.",
            zh_TW="前 60 天內沒有使用過微調模型的組織，不能再建立微調工作。",
        ),
        OPENAI_DEPRECATIONS_URL,
        "2026-11-30, the page's 'Update to OpenAI's self-serve fine-tuning' (May 2026 revision)",
    ),
    ProviderDate(
        ProviderKind.OPENAI,
        Stop.NEW_JOBS,
        date(2027, 1, 6),
        LocalizedText(
            en="Nobody can start new fine-tuning jobs at OpenAI any more.",
            zh_TW="任何人都不能再在 OpenAI 建立新的微調工作。",
        ),
        OPENAI_DEPRECATIONS_URL,
        "2026-11-30, the page's 'Update to OpenAI's self-serve fine-tuning' (May 2026 revision)",
    ),
    ProviderDate(
        ProviderKind.OPENAI,
        Stop.MODELS,
        date(2027, 1, 14),
        LocalizedText(
            en="GPT-4o, GPT-4o mini, GPT-4.1 and GPT-4.1 mini, and every model fine-tuned "
            "from them, stop answering.",
            zh_TW="GPT-4o、GPT-4o mini、GPT-4.1、GPT-4.1 mini，以及由它們微調出的所有模型，"
            "都將停止回答。",
        ),
        OPENAI_DEPRECATIONS_URL,
        "as quoted in docs/design-guide.md (issue #14 asks to cite it from there)",
        families=("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"),
    ),
    ProviderDate(
        ProviderKind.AZURE_OPENAI,
        Stop.NEW_JOBS,
        date(2026, 10, 14),
        LocalizedText(
            en="New customers can no longer fine-tune the GPT-4.1 family on Azure; "
            "subscriptions that already did keep it for now.",
            zh_TW="新客戶不能再於 Azure 微調 GPT-4.1 系列；已經使用過的訂用帳戶暫時還可以。",
        ),
        AZURE_RETIREMENTS_URL,
        "issue #14 (2026-11); the copy read here (ms.date 2025-12-16) still said "
        "2026-04-14 for new customers",
        families=("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"),
    ),
    ProviderDate(
        ProviderKind.AZURE_OPENAI,
        Stop.NEW_JOBS,
        date(2027, 4, 14),
        LocalizedText(
            en="Existing customers keep fine-tuning the GPT-4.1 family until at least "
            "this day.",
            zh_TW="既有客戶至少可以繼續微調 GPT-4.1 系列到這一天。",
        ),
        AZURE_RETIREMENTS_URL,
        "issue #14 (2026-11): 'until at least', so not a shutdown date",
        families=("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"),
    ),
)

# The day OpenAI takes no more fine-tuning jobs from anyone.
OPENAI_FINE_TUNING_ENDS = date(2027, 1, 6)


def dates_for(kind: ProviderKind) -> list[ProviderDate]:
    """The rows about `kind`, earliest first."""
    return sorted((row for row in PROVIDER_DATES if row.provider is kind), key=lambda r: r.day)


def shutdown_of(kind: ProviderKind, family: str) -> date | None:
    """When a model family of `kind` (and its fine-tunes) stops answering, if stated."""
    for row in PROVIDER_DATES:
        if row.provider is kind and row.stop is Stop.MODELS and family in row.families:
            return row.day
    return None


def shutdowns(kind: ProviderKind) -> dict[str, date]:
    """Family -> shutdown day, for every family a row of `kind` names."""
    return {
        family: row.day
        for row in PROVIDER_DATES
        if row.provider is kind and row.stop is Stop.MODELS
        for family in row.families
    }
