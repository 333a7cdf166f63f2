"""Small stand-in wheels for installer tests: real wheels pip installs, with nothing heavy
in them (never the real torch). Written by hand with zipfile, per the wheel spec (PEP 427:
a dist-info folder with METADATA, WHEEL and a RECORD of every file's hash)."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

# The stand-ins for the engine's packages that engine_setup tests install.
STANDIN_TORCH = "fts-standin-torch"
STANDIN_ENGINE = "fts-standin-engine"
STANDIN_REQUIREMENTS = (f"{STANDIN_TORCH}==2.13.0", f"{STANDIN_ENGINE}>=1.0")
STANDIN_MODULES = ("fts_standin_torch", "fts_standin_engine")


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(folder: Path, name: str, version: str, *, requires: tuple[str, ...] = (),
                module_text: str = "") -> Path:
    """A pure-Python wheel with one module named like the distribution (dashes → _)."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
        *[f"Requires-Dist: {r}" for r in requires], "", "",
    ])
    files = {
        f"{module}/__init__.py": (module_text or f"VERSION = {version!r}\n").encode(),
        f"{dist_info}/METADATA": metadata.encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
                              b"Tag: py3-none-any\n",
    }
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def standin_wheel_folder(folder: Path) -> Path:
    """The engine's stand-in packages: a "torch" and an "engine" that needs it."""
    write_wheel(folder, STANDIN_TORCH, "2.13.0")
    write_wheel(folder, STANDIN_ENGINE, "1.0", requires=(f"{STANDIN_TORCH}==2.13.0",))
    return folder
