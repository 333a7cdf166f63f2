"""The bundle's entry point (PyInstaller starts here): the same `fine-tune-studio` command
as a pip install gives."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A frozen program that starts child processes the "spawn" way (Windows, macOS) must
    # let a child recognise itself here, before anything else runs.
    multiprocessing.freeze_support()
    from fine_tune_studio.cli import main

    sys.exit(main())
