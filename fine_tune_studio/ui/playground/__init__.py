"""The playground: chat with models side by side, judge them blind, add answers to the dataset."""

from fine_tune_studio.ui.playground.panel import PlaygroundPanel

__all__ = ["PlaygroundPanel"]
