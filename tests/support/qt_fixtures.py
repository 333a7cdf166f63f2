"""Shared pytest fixtures (qt_fixtures); see tests/conftest.py."""
