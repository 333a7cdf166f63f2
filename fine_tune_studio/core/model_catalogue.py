"""The curated catalogue of base models the app offers to download, and what fits here.

The facts live in a data file shipped with the package
(`resources/models/catalogue.json`, dated; see docs/models.md for where each fact comes
from). This module reads it into pydantic models, refuses a file that breaks them, and holds
the pure rules the "Get a model" dialog and `models list` apply: does a model fit this
computer's memory and disk, and which one to recommend.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fine_tune_studio.core.i18n import LocalizedText
from fine_tune_studio.paths import resources_dir

CATALOGUE_SCHEMA_VERSION = 1
GIB = 1024**3
_COMMIT = re.compile(r"[0-9a-f]{40}")
_REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")


def catalogue_path() -> Path:
    return resources_dir() / "models" / "catalogue.json"


class ChineseQuality(StrEnum):
    """How well a model writes Traditional Chinese, judged from its model card."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


class MemoryNeed(BaseModel):
    """Rough memory to fine-tune with LoRA (GiB); estimates, not measurements (±50 %)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cpu_gib: float = Field(gt=0)  # fp32 weights in the computer's memory (RAM)
    gpu_gib: float = Field(gt=0)  # bf16 weights in a graphics card's memory


class CatalogueModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_id: str
    revision: str  # a pinned commit: the files the facts below were checked against
    default: bool = False
    parameters: int = Field(gt=0)
    download_bytes: int = Field(gt=0)  # only the files a download fetches
    licence: str  # the Hub's licence id
    licence_name: str
    licence_url: str
    gated: bool  # the Hub asks the user to accept the licence before the files download
    languages: list[str] = Field(min_length=1)  # ISO 639-1 codes the card names
    languages_summary: LocalizedText
    chinese: ChineseQuality  # Traditional Chinese
    chinese_reason: LocalizedText
    memory: MemoryNeed
    context_length: int = Field(gt=0)
    architecture: str  # config.json's architectures[0]
    good_for: LocalizedText
    note: LocalizedText | None = None
    sources: list[str] = Field(min_length=1)

    @field_validator("repo_id")
    @classmethod
    def _repo_id_shape(cls, value: str) -> str:
        if not _REPO_ID.fullmatch(value):
            raise ValueError(f"{value!r} is not a Hub repo id (owner/name)")
        return value

    @field_validator("revision")
    @classmethod
    def _pinned(cls, value: str) -> str:
        if not _COMMIT.fullmatch(value):
            raise ValueError("the revision must be a pinned 40-hex commit, not a branch")
        return value

    @property
    def name(self) -> str:
        """The folder name (and the engine's model id) a download gets by default."""
        return self.repo_id.rsplit("/", 1)[-1]

    @property
    def owner(self) -> str:
        return self.repo_id.split("/", 1)[0]


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1]
    checked_on: dt.date
    about: str
    memory_basis: LocalizedText
    models: list[CatalogueModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_default_unique_ids(self) -> Catalogue:
        defaults = [m.repo_id for m in self.models if m.default]
        if len(defaults) != 1:
            raise ValueError(f"exactly one model must be the default, found {defaults}")
        ids = [m.repo_id.lower() for m in self.models]
        names = [m.name.lower() for m in self.models]
        if len(set(ids)) != len(ids) or len(set(names)) != len(names):
            raise ValueError("repo ids and their folder names must be unique")
        return self

    @property
    def default_model(self) -> CatalogueModel:
        return next(m for m in self.models if m.default)

    def find(self, repo_id: str) -> CatalogueModel | None:
        """The entry for `repo_id` (the Hub treats ids case-insensitively)."""
        wanted = repo_id.lower()
        return next((m for m in self.models if m.repo_id.lower() == wanted), None)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the catalogue file (the shipped one by default).

    Raises ValueError (pydantic's ValidationError is one) naming what is wrong."""
    source = path or catalogue_path()
    return Catalogue.model_validate(json.loads(source.read_text(encoding="utf-8")))


@cache
def shipped_catalogue() -> Catalogue:
    """The catalogue in the package, read once."""
    return load_catalogue()


# -- does it fit this computer? -----------------------------------------------------------


class Fit(StrEnum):
    FITS = "fits"  # comfortably: the estimate leaves room for the system and the app
    TIGHT = "tight"  # may work with everything else closed; estimates are ±50 %
    TOO_BIG = "too_big"  # more than the computer has


# What the system, the desktop and the app itself keep using while a model trains.
SYSTEM_RESERVE_BYTES = 2 * GIB
# Folders, lock files and the files a download leaves before moving into place.
DISK_MARGIN_BYTES = 256 * 1024**2


def memory_fit(need_gib: float, total_ram_bytes: int) -> Fit:
    need = need_gib * GIB
    if need + SYSTEM_RESERVE_BYTES <= total_ram_bytes:
        return Fit.FITS
    if need <= total_ram_bytes:
        return Fit.TIGHT
    return Fit.TOO_BIG


def disk_fits(download_bytes: int, free_bytes: int) -> bool:
    return download_bytes + DISK_MARGIN_BYTES <= free_bytes


def recommended(catalogue: Catalogue, total_ram_bytes: int | None) -> CatalogueModel:
    """The model to suggest first: the catalogue's default unless it is too big for this
    computer's memory; then the smallest one that is not, Chinese-capable ones first (the
    app's users mostly write Traditional Chinese). The default when nothing fits."""
    default = catalogue.default_model
    if total_ram_bytes is None:
        return default
    if memory_fit(default.memory.cpu_gib, total_ram_bytes) is not Fit.TOO_BIG:
        return default
    fitting = [
        m for m in catalogue.models
        if not m.gated and memory_fit(m.memory.cpu_gib, total_ram_bytes) is not Fit.TOO_BIG
    ]
    if not fitting:
        return default
    return min(fitting, key=lambda m: (m.chinese is ChineseQuality.POOR, m.memory.cpu_gib))


def parameters_words(count: int) -> LocalizedText:
    """494 032 768 → "494 million parameters" / "4.9 億個參數"."""
    if count >= 10**9:
        en = f"{count / 10**9:.1f} billion parameters"
    else:
        en = f"{count / 10**6:.0f} million parameters"
    hundred_millions = count / 10**8
    zh = f"{hundred_millions:.1f} 億個參數" if hundred_millions < 10 else (
        f"{hundred_millions:.0f} 億個參數")
    return LocalizedText(en=en, zh_TW=zh)
