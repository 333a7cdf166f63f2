"""The Evaluation panel: test sets, runs, blind review and the report (docs/evaluation.md)."""

from fine_tune_studio.ui.evaluation.panel import EvaluationPanel

__all__ = ["EvaluationPanel"]
