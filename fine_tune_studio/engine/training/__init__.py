"""The engine's training worker: one fine-tuning run per process (see docs/engine-training.md).

Kept import-light on purpose: the server imports `spec` (and the worker's `control` and
`events` need nothing heavy) without pulling in torch; only `worker` and `runner` load the
machine-learning stack.
"""
