"""Shared pytest fixtures (service_fixtures); see tests/conftest.py."""
