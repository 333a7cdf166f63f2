"""The fine-tuning jobs panel: launch wizard, job list and detail, loss charts, notices."""
