"""The engine room of the house (see docs/architecture.md)."""
