"""Shared pytest fixtures (model_fixtures); see tests/conftest.py."""
