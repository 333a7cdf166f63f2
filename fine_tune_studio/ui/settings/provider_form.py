"""The form for one provider: a kind picker and only the fields that kind needs.

The saved key is never loaded back into the form: editing a profile shows an empty key
field that says a key is saved, and leaving it empty keeps that key.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from fine_tune_studio.core.key_rules import key_problem
from fine_tune_studio.core.provider_dates import dates_for
from fine_tune_studio.core.providers import (
    DEFAULT_AZURE_API_VERSION,
    KEY_IN_TEXT_FIELD_ERROR,
    TOGETHER_BASE_URL,
    AzureTrainingType,
    ProviderKind,
    ProviderProfile,
    field_holds_key,
)
from fine_tune_studio.ui.widgets import Retranslating, named
from fine_tune_studio.ui.widgets.secret_field import SecretField


class FormError(ValueError):
    """A problem with what the user typed, already in their language."""

    def __init__(self, message: str, widget: QWidget | None = None) -> None:
        super().__init__(message)
        self.widget = widget


def kind_label(kind: ProviderKind, lang: str) -> str:
    return kind.label.get(lang)


def long_date(day: date, lang: str) -> str:
    """A date as people read it: '6 January 2027', '2027年1月6日'."""
    if lang == "zh_TW":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _shows_base_url(kind: ProviderKind) -> bool:
    # Together's address has a default but stays editable, for proxies and gateways.
    return kind.needs_base_url or kind is ProviderKind.TOGETHER


class ProviderForm(Retranslating, QWidget):
    kind_changed = Signal(object)

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._editing: ProviderProfile | None = None
        self._has_saved_key = False

        self.kind_combo = named(QComboBox(), "kindCombo")
        # Long kind names must not force the whole panel wider than a small window.
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(12)
        for kind in ProviderKind:
            # Stored as the plain value: Qt hands a StrEnum back as a str anyway.
            self.kind_combo.addItem(kind_label(kind, language), kind.value)
        self.kind_hint = named(QLabel(wordWrap=True), "kindHint")
        # What a provider is closing, dated, and what to do instead (OpenAI, Azure).
        self.notice = named(QLabel(wordWrap=True), "kindNotice")
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setOpenExternalLinks(True)
        self.notice.setStyleSheet(
            "QLabel { background: #fff8e1; color: #4e3b00; padding: 6px; border-radius: 4px; }"
        )
        self.training_type_combo = named(QComboBox(), "azureTrainingTypeCombo")
        # Its long choices must not widen the panel past a small window (as the kinds).
        self.training_type_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.training_type_combo.setMinimumContentsLength(12)
        for training_type in AzureTrainingType:
            self.training_type_combo.addItem("", training_type.value)
        self.name_edit = named(QLineEdit(), "nameEdit")
        self.base_url_edit = named(QLineEdit(), "baseUrlEdit")
        self.endpoint_edit = named(QLineEdit(), "azureEndpointEdit")
        self.api_version_edit = named(QLineEdit(), "apiVersionEdit")
        self.api_version_edit.setText(DEFAULT_AZURE_API_VERSION)
        self.v1_check = named(QCheckBox(), "azureV1Check")
        self.organization_edit = named(QLineEdit(), "organizationEdit")
        self.project_edit = named(QLineEdit(), "projectEdit")
        self.key_field = SecretField()
        self.key_field.setObjectName("keyField")
        self.models_edit = named(QLineEdit(), "defaultModelsEdit")
        # The profile field behind each text box, for the rule that keeps keys out of them.
        self._profile_fields: dict[QLineEdit, str] = {
            self.name_edit: "display_name",
            self.base_url_edit: "base_url",
            self.endpoint_edit: "azure_endpoint",
            self.api_version_edit: "azure_api_version",
            self.organization_edit: "organization",
            self.project_edit: "project",
        }

        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[QWidget, QLabel] = {}
        for widget in (
            self.kind_combo,
            self.kind_hint,
            self.notice,
            self.name_edit,
            self.base_url_edit,
            self.endpoint_edit,
            self.v1_check,
            self.api_version_edit,
            self.training_type_combo,
            self.organization_edit,
            self.project_edit,
            self.key_field,
            self.models_edit,
        ):
            label = QLabel()
            label.setBuddy(widget)
            self._labels[widget] = label
            self.form.addRow(label, widget)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.v1_check.toggled.connect(self._update_visibility)
        self.key_field.textChanged.connect(self._show_key_problem)
        self.retranslate_ui()
        self._update_visibility()

    # -- language -----------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        self._language = language
        for row in range(self.kind_combo.count()):
            kind = ProviderKind(self.kind_combo.itemData(row))
            self.kind_combo.setItemText(row, kind_label(kind, language))
        self.retranslate_ui()
        self._show_key_problem()  # core's words come in the form's language, not Qt's

    def retranslate_ui(self) -> None:
        texts = {
            self.kind_combo: self.tr("Kind"),
            self.kind_hint: "",
            self.notice: "",
            self.training_type_combo: self.tr("Where Azure trains"),
            self.name_edit: self.tr("Name"),
            self.base_url_edit: self.tr("Address (base URL)"),
            self.endpoint_edit: self.tr("Azure endpoint"),
            self.v1_check: "",
            self.api_version_edit: self.tr("API version"),
            self.organization_edit: self.tr("Organization (optional)"),
            self.project_edit: self.tr("Project (optional)"),
            self.key_field: "",  # by kind: _update_key_placeholder
            self.models_edit: self.tr("Models to offer first"),
        }
        for widget, text in texts.items():
            self._labels[widget].setText(text)
        self.name_edit.setPlaceholderText(self.tr("For example: My OpenAI account"))
        self.base_url_edit.setPlaceholderText(
            TOGETHER_BASE_URL if self.kind() is ProviderKind.TOGETHER
            else "https://gpu-box.example.com/v1"
        )
        training_words = {
            AzureTrainingType.GLOBAL_STANDARD.value: self.tr(
                "Global (cheaper; data and weights may leave the region)"),
            AzureTrainingType.STANDARD.value: self.tr("Standard (stays in the resource's region)"),
            AzureTrainingType.DEVELOPER.value: self.tr(
                "Developer (cheapest; may be paused, no region guarantee)"),
        }
        for row in range(self.training_type_combo.count()):
            self.training_type_combo.setItemText(
                row, training_words[str(self.training_type_combo.itemData(row))])
        self.endpoint_edit.setPlaceholderText("https://my-resource.openai.azure.com")
        self.v1_check.setText(self.tr("Use the v1 path"))
        self.v1_check.setToolTip(
            self.tr("Newer Azure resources answer at …/openai/v1/ and need no API version.")
        )
        self.organization_edit.setPlaceholderText("org-…")
        self.project_edit.setPlaceholderText("proj_…")
        self._update_models_placeholder()
        self._update_key_placeholder()
        self._update_hint()

    def _update_key_placeholder(self) -> None:
        kind = self.kind()
        self._labels[self.key_field].setText(
            self.tr("API key (optional)") if kind.key_optional else self.tr("API key"))
        if self._has_saved_key:
            text = self.tr("A key is saved. Leave empty to keep it, or paste a new one.")
        elif kind is ProviderKind.REMOTE_ENGINE:
            text = self.tr("The engine's access token")
        elif kind.key_optional:
            text = self.tr("Only if the service asks for one")
        else:
            text = self.tr("Paste the key from the provider's website")
        self.key_field.setPlaceholderText(text)
        self.key_field.setToolTip(text)  # the placeholder is cut short in a narrow window

    def _update_hint(self) -> None:
        hints = {
            ProviderKind.LOCAL_ENGINE: self.tr(
                "Trains and runs models on this computer. Private, free and works offline; "
                "no key needed."
            ),
            ProviderKind.REMOTE_ENGINE: self.tr(
                "The same engine running on another, more powerful computer."
            ),
            ProviderKind.OPENAI: self.tr(
                "The OpenAI API, with a key from platform.openai.com. What it is closing, "
                "and when, is below."
            ),
            ProviderKind.AZURE_OPENAI: self.tr(
                "Use the endpoint and a key from your Azure OpenAI or Foundry resource."
            ),
            ProviderKind.OPENAI_COMPATIBLE: self.tr(
                "Any service that speaks the OpenAI API, at the address it gives you."
            ),
            ProviderKind.TOGETHER: self.tr(
                "Self-serve fine-tuning of open models (LoRA or full, supervised or DPO) "
                "from the same examples; you can download the trained model. Keys are at "
                "api.together.ai, under Settings → API keys."
            ),
        }
        self.kind_hint.setText(hints[self.kind()])
        self.notice.setText(self._notice_html(self.kind()))

    def _notice_html(self, kind: ProviderKind) -> str:
        """The dated notice for a provider that is closing doors ("" for the others)."""
        lang = self._language
        today = date.today()
        if kind is ProviderKind.OPENAI:
            rows = []
            for row in dates_for(kind):
                when = long_date(row.day, lang)
                if row.passed(today):
                    when = self.tr("%1 (already in force)").replace("%1", when)
                item = self.tr("%1: %2", "a date, then what happens on it")
                item = item.replace("%1", f"<b>{html.escape(when)}</b>").replace(
                    "%2", html.escape(row.what.get(lang)))
                rows.append(f"<li>{item}</li>")
            return (
                "<b>" + html.escape(self.tr("OpenAI is closing self-serve fine-tuning.")) + "</b>"
                + "<ul style='margin:2px 0'>" + "".join(rows) + "</ul>"
                + html.escape(self.tr(
                    "What you can do: train the same examples on This computer (free, "
                    "private), or on Together AI (add it as a provider). Until those dates "
                    "your OpenAI fine-tunes keep answering, so you can compare them with the "
                    "new ones in the playground."))
                + "<br><small>" + html.escape(self.tr("Source: OpenAI's deprecations page."))
                + f" <a href='{row.source_url}'>{html.escape(row.source_url)}</a></small>"
            )
        if kind is ProviderKind.AZURE_OPENAI:
            azure = dates_for(kind)
            closed, kept = azure[0], azure[-1]
            return html.escape(self.tr(
                "Who can still fine-tune on Azure: open models on Azure AI Foundry, through "
                "the same API on the v1 path (switch it on below); and the GPT-4.1 family "
                "only for subscriptions that already fine-tuned it: new customers have been "
                "refused since %1, existing ones keep it until at least %2."
            ).replace("%1", long_date(closed.day, lang)).replace("%2", long_date(kept.day, lang)))
        return ""

    # -- kind-dependent fields ----------------------------------------------------------

    def kind(self) -> ProviderKind:
        value = self.kind_combo.currentData()
        return ProviderKind(value) if value else ProviderKind.LOCAL_ENGINE

    def _update_models_placeholder(self) -> None:
        """An example of this kind's own model names ("gpt-4.1-mini" means nothing to an
        engine, which takes Hugging Face names)."""
        examples = {
            ProviderKind.OPENAI: "gpt-4.1-mini-2025-04-14",
            ProviderKind.AZURE_OPENAI: "gpt-4.1-mini",
            ProviderKind.TOGETHER: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
            ProviderKind.LOCAL_ENGINE: "Qwen/Qwen2.5-0.5B-Instruct",
            ProviderKind.REMOTE_ENGINE: "Qwen/Qwen2.5-0.5B-Instruct",
        }
        example = examples.get(self.kind())
        self.models_edit.setPlaceholderText(
            self.tr("Comma-separated, for example %1").replace("%1", example) if example
            else self.tr("Comma-separated model names, as the service lists them"))

    def set_kind(self, kind: ProviderKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def _kind_changed(self) -> None:
        self._update_visibility()
        self._update_models_placeholder()
        self._update_key_placeholder()
        self._update_hint()
        self.retranslate_ui()  # placeholders depend on the kind
        if not self.name_edit.text().strip() or self._name_is_default():
            self.name_edit.setText(kind_label(self.kind(), self._language))
            self.name_edit.setCursorPosition(0)  # show the start of a long default name
        self.kind_changed.emit(self.kind())

    def _name_is_default(self) -> bool:
        name = self.name_edit.text().strip()
        labels = {kind_label(kind, lang) for kind in ProviderKind for lang in ("en", "zh_TW")}
        return name in labels

    def _update_visibility(self) -> None:
        kind = self.kind()
        azure = kind is ProviderKind.AZURE_OPENAI
        visible = {
            self.notice: kind in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI),
            self.base_url_edit: _shows_base_url(kind),
            self.endpoint_edit: azure,
            self.v1_check: azure,
            self.api_version_edit: azure and not self.v1_check.isChecked(),
            self.training_type_combo: azure,
            self.organization_edit: kind is ProviderKind.OPENAI,
            self.project_edit: kind is ProviderKind.OPENAI,
            self.key_field: kind.needs_key,
        }
        for widget, shown in visible.items():
            self.form.setRowVisible(widget, shown)

    def visible_fields(self) -> list[str]:
        """Object names of the fields the user can see now (what tests and docs check)."""
        return [
            widget.objectName()
            for widget in self._labels
            if self.form.isRowVisible(widget) and widget not in (self.kind_hint, self.notice)
        ]

    # -- loading and reading ------------------------------------------------------------

    def clear_for_new(self, kind: ProviderKind = ProviderKind.OPENAI) -> None:
        self._editing = None
        self._has_saved_key = False
        for edit in (
            self.name_edit, self.base_url_edit, self.endpoint_edit, self.organization_edit,
            self.project_edit, self.models_edit,
        ):
            edit.clear()
        self.api_version_edit.setText(DEFAULT_AZURE_API_VERSION)
        self.v1_check.setChecked(False)
        self.training_type_combo.setCurrentIndex(0)
        self.key_field.clear()
        self.kind_combo.setEnabled(True)
        if self.kind() is kind:
            self._kind_changed()
        else:
            self.set_kind(kind)

    def load_profile(self, profile: ProviderProfile, has_saved_key: bool) -> None:
        self._editing = profile
        self._has_saved_key = has_saved_key
        self.set_kind(profile.kind)
        self.name_edit.setText(profile.display_name)
        self.base_url_edit.setText(profile.base_url or "")
        self.endpoint_edit.setText(profile.azure_endpoint or "")
        self.api_version_edit.setText(profile.azure_api_version or DEFAULT_AZURE_API_VERSION)
        self.v1_check.setChecked(profile.azure_use_v1)
        training = profile.azure_training_type
        self.training_type_combo.setCurrentIndex(
            max(0, self.training_type_combo.findData(training.value if training else None))
        )
        self.organization_edit.setText(profile.organization or "")
        self.project_edit.setText(profile.project or "")
        self.models_edit.setText(", ".join(profile.default_models))
        for edit in (self.name_edit, self.base_url_edit, self.endpoint_edit, self.models_edit):
            edit.setCursorPosition(0)  # show the start of long addresses
        self.key_field.clear()
        # Changing an existing profile's kind would orphan its key and its jobs.
        self.kind_combo.setEnabled(False)
        self._update_visibility()
        self._update_key_placeholder()

    def _key_problem(self) -> str:
        """What is wrong with the typed key, in the form's language ("" when nothing)."""
        key = self.key_field.text()
        problem = key_problem(key) if key else None
        return problem.get(self._language) if problem is not None else ""

    def _show_key_problem(self) -> None:
        # Said while typing: such a key would fail every request, long after it was saved.
        self.key_field.set_problem(self._key_problem())

    def set_has_saved_key(self, has_key: bool) -> None:
        """Say whether a key is saved, without touching what the user is typing."""
        self._has_saved_key = has_key
        self._update_key_placeholder()

    @property
    def editing(self) -> ProviderProfile | None:
        return self._editing

    def entered_key(self) -> str:
        return self.key_field.text() if self.kind().needs_key else ""

    def profile(self) -> ProviderProfile:
        """A profile built from the fields, or FormError with a message for the user."""
        kind = self.kind()
        name = self.name_edit.text().strip()
        if not name:
            raise FormError(self.tr("Give the provider a name."), self.name_edit)
        models = [m.strip() for m in self.models_edit.text().split(",") if m.strip()]
        for edit, field in self._profile_fields.items():
            if self.form.isRowVisible(edit) and field_holds_key(field, edit.text()):
                raise FormError(self._key_in_text_field(), edit)
        if any(field_holds_key("default_models", model) for model in models):
            raise FormError(self._key_in_text_field(), self.models_edit)
        base_url = self.base_url_edit.text().strip() if _shows_base_url(kind) else None
        if kind.needs_base_url and not base_url:
            raise FormError(self.tr("Enter the server's address, starting with https://."),
                            self.base_url_edit)
        azure = kind is ProviderKind.AZURE_OPENAI
        endpoint = self.endpoint_edit.text().strip() if azure else None
        if azure and not endpoint:
            raise FormError(self.tr("Enter the Azure endpoint, starting with https://."),
                            self.endpoint_edit)
        use_v1 = azure and self.v1_check.isChecked()
        api_version = (
            self.api_version_edit.text().strip() if azure and not use_v1 else None
        )
        if azure and not use_v1 and not api_version:
            raise FormError(self.tr("Enter an API version, or use the v1 path."),
                            self.api_version_edit)
        if (kind.needs_key and not kind.key_optional and not self._has_saved_key
                and not self.key_field.text()):
            raise FormError(self.tr("Paste the API key."), self.key_field)
        if kind.needs_key and (problem := self._key_problem()):
            raise FormError(problem, self.key_field)
        fields = {
            "kind": kind,
            "display_name": name,
            "base_url": base_url,
            "azure_endpoint": endpoint,
            "azure_api_version": api_version,
            "azure_use_v1": use_v1,
            "azure_training_type": (
                AzureTrainingType(self.training_type_combo.currentData()) if azure else
                AzureTrainingType.GLOBAL_STANDARD
            ),
            "organization": self.organization_edit.text() if kind is ProviderKind.OPENAI else None,
            "project": self.project_edit.text() if kind is ProviderKind.OPENAI else None,
            "default_models": models,
        }
        try:
            if self._editing is not None:
                return ProviderProfile.model_validate({**self._editing.model_dump(), **fields})
            return ProviderProfile.model_validate(fields)
        except ValidationError as error:
            raise FormError(self._explain_validation(error)) from None

    def _key_in_text_field(self) -> str:
        return self.tr(
            "This looks like an API key or token. Keys belong only in the API key field, "
            "where they are kept safe; this field is saved as plain text."
        )

    def _explain_validation(self, error: ValidationError) -> str:
        errors = error.errors(include_input=False)
        first: dict[str, Any] = dict(errors[0]) if errors else {}
        if first.get("type") == KEY_IN_TEXT_FIELD_ERROR:
            return self._key_in_text_field()
        location = ".".join(str(part) for part in first.get("loc", ()))
        widget = {
            "base_url": self.base_url_edit,
            "azure_endpoint": self.endpoint_edit,
            "azure_api_version": self.api_version_edit,
        }.get(location)
        if widget is self.base_url_edit or "base_url" in str(first.get("msg", "")):
            return self.tr("The address must start with http:// or https://, for example "
                           "https://example.com/v1.")
        if widget is self.endpoint_edit or "azure_endpoint" in str(first.get("msg", "")):
            return self.tr("The Azure endpoint must start with https://, for example "
                           "https://my-resource.openai.azure.com.")
        if widget is self.api_version_edit or "api-version" in str(first.get("msg", "")):
            return self.tr("The API version looks like 2025-04-01-preview or 2024-10-21.")
        message = str(first.get("msg", error))
        return self.tr("Please check the fields: %1").replace(
            "%1", message.removeprefix("Value error, ")
        )
