"""The fine-tuning jobs panel: launch wizard, job monitor, loss charts, notifications."""
