"""The engine's HTTP layer: OpenAI-shaped routes under /v1."""
