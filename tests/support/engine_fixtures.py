"""Shared pytest fixtures (engine_fixtures); see tests/conftest.py."""
