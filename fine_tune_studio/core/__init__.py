"""The core room of the house (see docs/architecture.md)."""
