"""The environment for programs the app starts that are not the app itself.

A PyInstaller bundle's bootloader points the library path at the bundle's own folder
(and keeps the user's value in `<NAME>_ORIG`). A Python from elsewhere (the training
engine's environment, pip) must not load the bundle's copies of libssl or libstdc++, so
its children get the user's own values back. Outside a bundle this is just os.environ.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# Variables PyInstaller's bootloader sets, each with the user's value saved as NAME_ORIG.
_BOOTLOADER_PATHS = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LIBPATH")


def foreign_program_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    if not getattr(sys, "frozen", False):
        return env
    for name in _BOOTLOADER_PATHS:
        original = env.pop(f"{name}_ORIG", None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    # Meaningless for another interpreter, and harmful if a bundle ever set them.
    for name in ("PYTHONHOME", "PYTHONPATH"):
        env.pop(name, None)
    return env
