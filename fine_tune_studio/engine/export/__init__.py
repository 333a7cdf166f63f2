"""Taking a fine-tuned model out of the engine: adapter, merged folder, GGUF, Ollama.

`export_model(request, report)` (pipeline.py) is the one entry; `python -m
fine_tune_studio.engine.export` runs it as the app's child process (progress as JSON
lines, core/model_export.py) and `fine-tune-studio models export` runs it in-process.
Heavy work streams one tensor at a time so memory stays near the largest tensor, not the
model. See docs/export.md.
"""
