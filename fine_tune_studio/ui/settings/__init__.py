"""The settings panel: providers, keys and the interface language."""

from fine_tune_studio.ui.settings.panel import SettingsPanel

__all__ = ["SettingsPanel"]
