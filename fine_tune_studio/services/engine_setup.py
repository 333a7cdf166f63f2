"""Sets up training on this computer: the engine's own Python environment, made by the app.

The packaged app (and `pip install fine-tune-studio` without the engine extra) has no
PyTorch. "Set up training on this computer…" makes a separate environment under the app's
data folder and installs the engine's packages there with pip, in a subprocess:

    1. find a Python to make it with (3.11 to 3.13: the app's own when it is a real
       interpreter, else one on the system; $FINE_TUNE_STUDIO_ENGINE_PYTHON picks one)
    2. make the environment (`python -m venv`), or reuse one a former try left
    3. bring its pip up to date (a recent pip reports download progress)
    4. PyTorch, pinned (torch==2.13.0): the CPU build by default, the CUDA build when the
       user chose it for their NVIDIA graphics card
    5. the rest of the engine's packages (the app's `engine` extra and base packages,
       read from the app's own metadata, so the two never disagree)
    6. the app itself: its package folder copied into the environment, found there by a
       .pth file, so `python -m fine_tune_studio.cli engine serve` runs the same version
    7. a check that everything imports, then a marker file saying the environment is ready

Every step can be cancelled (the running pip is killed) and the whole run retried: what
was installed stays and pip skips it. Failures are `EngineSetupError`s whose `reason`
says what the user can do (no network, disk full, a package refused, no Python). Qt-free:
the dialog in ui/settings only shows the `SetupProgress` this yields.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from fine_tune_studio import __version__
from fine_tune_studio.services.child_env import foreign_program_environment

ENV_FOLDER_NAME = "engine-env"
MARKER_NAME = "fine-tune-studio-engine.json"
APP_FOLDER_NAME = "app"
PTH_NAME = "fine_tune_studio_app.pth"
DISTRIBUTION = "fine-tune-studio"
PYTHON_ENV = "FINE_TUNE_STUDIO_ENGINE_PYTHON"
# A folder of wheels to install from instead of the internet (air-gapped computers).
WHEELS_ENV = "FINE_TUNE_STUDIO_ENGINE_WHEELS"
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))
ENGINE_MODULES = ("torch", "transformers", "trl", "peft", "fastapi", "uvicorn")
OUTPUT_LINES = 5000

# Where PyTorch's builds come from (pytorch.org's install table; check it when torch's pin
# moves). PyPI's Linux wheel is the CUDA build and its Windows and macOS wheels are CPU
# builds, so CPU on Linux and CUDA on Windows come from PyTorch's own index.
PYTORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PYTORCH_CUDA_INDEX = "https://download.pytorch.org/whl/cu128"


class TorchVariant(StrEnum):
    CPU = "cpu"
    CUDA = "cuda"


# What the user is told before choosing (rounded, measured for torch 2.x on Linux x86_64:
# the CPU wheel is ~190 MB, the CUDA wheel with its NVIDIA libraries ~3 GB, the other
# engine packages ~110 MB).
DOWNLOAD_MB = {TorchVariant.CPU: 300, TorchVariant.CUDA: 3300}
DISK_MB = {TorchVariant.CPU: 1500, TorchVariant.CUDA: 7000}


class SetupStep(StrEnum):
    FIND_PYTHON = "find_python"
    CREATE_ENVIRONMENT = "create_environment"
    UPDATE_PIP = "update_pip"
    INSTALL_TORCH = "install_torch"
    INSTALL_PACKAGES = "install_packages"
    INSTALL_APP = "install_app"
    CHECK = "check"


# Share of the whole run each step is shown as (downloads dominate).
_WEIGHTS = {
    SetupStep.FIND_PYTHON: 1, SetupStep.CREATE_ENVIRONMENT: 4, SetupStep.UPDATE_PIP: 3,
    SetupStep.INSTALL_TORCH: 60, SetupStep.INSTALL_PACKAGES: 26, SetupStep.INSTALL_APP: 2,
    SetupStep.CHECK: 4,
}
STEPS = tuple(SetupStep)


class SetupFailure(StrEnum):
    NETWORK = "network"  # no connection, a proxy or an index that does not answer
    DISK_FULL = "disk_full"
    PACKAGE_REFUSED = "package_refused"  # not found, no build for this computer, bad hash
    NO_PYTHON = "no_python"  # no Python 3.11–3.13 with venv on this computer
    PERMISSION = "permission"  # the data folder cannot be written
    FAILED = "failed"  # anything else: the installer's output says more


class EngineSetupError(Exception):
    def __init__(self, reason: SetupFailure, step: SetupStep, message: str,
                 detail: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.step = step
        self.detail = detail


@dataclass(frozen=True)
class SetupProgress:
    step: SetupStep
    fraction: float  # of the whole set-up, 0 to 1
    line: str | None = None  # a line of the installer's output, when this event is one
    package: str | None = None  # what pip is fetching now
    done_bytes: int | None = None  # of that download
    total_bytes: int | None = None
    finished: bool = False

    @property
    def step_number(self) -> int:
        return STEPS.index(self.step) + 1


# -- the environment --------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineEnvironment:
    folder: Path

    @classmethod
    def under(cls, data_dir: Path) -> EngineEnvironment:
        return cls(data_dir / ENV_FOLDER_NAME)

    @property
    def python(self) -> Path:
        if sys.platform == "win32":
            return self.folder / "Scripts" / "python.exe"
        return self.folder / "bin" / "python"

    @property
    def marker(self) -> Path:
        return self.folder / MARKER_NAME

    @property
    def app_folder(self) -> Path:
        return self.folder / APP_FOLDER_NAME

    def recorded(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def is_ready(self, app_version: str = __version__) -> bool:
        """Set up, for this version of the app (a newer app sets it up again: quick, as
        pip finds its packages there)."""
        record = self.recorded()
        return (record is not None and record.get("app_version") == app_version
                and self.python.exists())


# -- what to install --------------------------------------------------------------------------

_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def engine_requirements(distribution: str = DISTRIBUTION) -> list[str]:
    """The app's base requirements and its `engine` extra, from the installed metadata
    (a bundle carries it too), each without its extra marker."""
    try:
        requires = importlib.metadata.requires(distribution) or []
    except importlib.metadata.PackageNotFoundError as error:
        raise RuntimeError(
            f"{distribution}'s metadata is not installed, so the engine's packages are unknown"
        ) from error
    chosen = []
    for line in requires:
        requirement, _, marker = line.partition(";")
        extras = _EXTRA.findall(marker)
        if not extras or extras == ["engine"]:
            rest = _EXTRA.sub("", marker).strip().removeprefix("and").removesuffix("and")
            chosen.append(f"{requirement.strip()}; {rest.strip()}" if rest.strip()
                          else requirement.strip())
    return chosen


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else requirement


def torch_index_args(variant: TorchVariant, platform: str = sys.platform) -> list[str]:
    if platform == "darwin":
        return []  # PyPI's macOS wheels are the only build (CPU and Apple's GPU)
    if variant is TorchVariant.CPU:
        return ["--index-url", PYTORCH_CPU_INDEX]
    if platform.startswith("linux"):
        return []  # PyPI's Linux wheel is the CUDA build
    return ["--index-url", PYTORCH_CUDA_INDEX]


def app_package_folder() -> Path:
    """The running app's package folder (real .py files in a wheel, a checkout and the
    bundle, which collects this package as source for exactly this copy)."""
    import fine_tune_studio

    return Path(fine_tune_studio.__file__).resolve().parent


@dataclass(frozen=True)
class SetupOptions:
    variant: TorchVariant = TorchVariant.CPU
    # None: the app's own (engine_requirements()); the torch requirement is taken out of
    # it and installed first, from the variant's index.
    requirements: Sequence[str] | None = None
    torch_package: str = "torch"
    # Replace the package index of every pip call, e.g. ["--no-index", "--find-links", DIR]
    # to install from a folder of wheels (tests, air-gapped computers).
    index_args: Sequence[str] | None = None
    extra_pip_args: Sequence[str] = ()
    check_modules: Sequence[str] = ENGINE_MODULES
    base_python: str | None = None  # None: find_base_python()
    app_folder: Path | None = None  # None: app_package_folder()

    @classmethod
    def from_environment(cls, variant: TorchVariant = TorchVariant.CPU) -> SetupOptions:
        wheels = os.environ.get(WHEELS_ENV)
        index = ["--no-index", "--find-links", wheels] if wheels else None
        return cls(variant=variant, index_args=index)


# -- finding a Python -------------------------------------------------------------------------

_PROBE = ("import sys, venv, ensurepip; "
          "print('%d.%d' % sys.version_info[:2], sys.executable)")


async def _probe_python(command: Sequence[str]) -> tuple[tuple[int, int], str] | None:
    try:
        process = await asyncio.create_subprocess_exec(
            *command, "-c", _PROBE, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            env=foreign_program_environment(),
        )
    except OSError:
        return None
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 20)
    except TimeoutError:
        await _stop(process, group=False)
        return None
    if process.returncode != 0:
        return None
    version, _, executable = out.decode(errors="replace").strip().partition(" ")
    major, _, minor = version.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return (int(major), int(minor)), executable


def python_candidates() -> list[list[str]]:
    chosen = os.environ.get(PYTHON_ENV)
    if chosen:
        return [[chosen]]
    candidates: list[list[str]] = []
    if not getattr(sys, "frozen", False):
        # The app's own interpreter (its base, not a virtual environment's shim).
        candidates.append([getattr(sys, "_base_executable", None) or sys.executable])
    newest_first = [f"{major}.{minor}" for major, minor in reversed(SUPPORTED_PYTHONS)]
    if sys.platform == "win32":
        candidates += [["py", f"-{version}"] for version in newest_first]
        candidates.append(["python"])
    else:
        candidates += [[found] for version in newest_first
                       if (found := shutil.which(f"python{version}"))]
        candidates += [[found] for name in ("python3", "python") if (found := shutil.which(name))]
    return candidates


async def find_base_python() -> str | None:
    """A Python 3.11–3.13 with venv and ensurepip (Debian splits them off: python3-venv)."""
    for command in python_candidates():
        found = await _probe_python(command)
        if found is not None and found[0] in SUPPORTED_PYTHONS:
            return found[1]
    return None


# -- the installer's words --------------------------------------------------------------------

_NETWORK = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
    r"resolution|Name or service not known|getaddrinfo failed|Network is unreachable|"
    r"No route to host|Connection refused|ConnectTimeoutError|Read timed out|ReadTimeoutError|"
    r"ProxyError|SSLError|CERTIFICATE_VERIFY_FAILED|Connection reset by peer|"
    r"RemoteDisconnected|IncompleteRead", re.IGNORECASE)
_DISK_FULL = re.compile(r"No space left on device|\[Errno 28\]|Disk quota exceeded|\[Errno 122\]")
_REFUSED = re.compile(
    r"No matching distribution found|Could not find a version that satisfies|"
    r"ResolutionImpossible|DO NOT MATCH THE HASHES|is not a supported wheel on this platform|"
    r"conflicting dependencies|requires a different Python")
_PERMISSION = re.compile(r"Permission denied|\[Errno 13\]|Access is denied")


def classify_failure(output: str) -> SetupFailure:
    """What went wrong, from what pip (or venv) printed. Disk and permission first: a full
    disk also breaks downloads; network before "not found": an index that cannot be
    reached makes pip say it found no version."""
    if _DISK_FULL.search(output):
        return SetupFailure.DISK_FULL
    if _PERMISSION.search(output):
        return SetupFailure.PERMISSION
    if _NETWORK.search(output):
        return SetupFailure.NETWORK
    if _REFUSED.search(output):
        return SetupFailure.PACKAGE_REFUSED
    return SetupFailure.FAILED


_DOWNLOADING = re.compile(r"^\s*Downloading (\S+)")
_COLLECTING = re.compile(r"^\s*Collecting (\S+)")
_RAW_PROGRESS = re.compile(r"^Progress (\d+) of (\d+)\s*$")


@dataclass
class _PipWatch:
    """Reads pip's output for what it is fetching and how far the download is."""

    package: str | None = None
    done: int | None = None
    total: int | None = None
    downloaded: int = 0  # bytes of finished downloads in this step
    installing: bool = False

    def read(self, line: str) -> bool:
        """Take one line; True if it is a progress report rather than text to show."""
        if match := _RAW_PROGRESS.match(line):
            self.done, self.total = int(match.group(1)), int(match.group(2))
            if self.done >= self.total:
                self.downloaded += self.total
                self.done = self.total = None
            return True
        if match := _COLLECTING.match(line):
            self.package = match.group(1)
        elif match := _DOWNLOADING.match(line):
            name = match.group(1).rsplit("/", 1)[-1]
            self.package = name.split("-")[0] if name.endswith((".whl", ".tar.gz")) else name
        elif line.startswith("Installing collected packages"):
            self.installing = True
        return False

    def fraction(self, expected_bytes: int) -> float:
        """Of the step: downloads fill 90 % (by bytes, against what is expected), then
        unpacking the rest; never 1 before pip has ended."""
        if self.installing:
            return 0.92
        fetched = self.downloaded + (self.done or 0)
        return min(0.9, 0.9 * fetched / expected_bytes) if expected_bytes > 0 else 0.0


# -- the run ----------------------------------------------------------------------------------


@dataclass
class EngineSetup:
    environment: EngineEnvironment
    options: SetupOptions = field(default_factory=SetupOptions)
    output: collections.deque[str] = field(
        default_factory=lambda: collections.deque(maxlen=OUTPUT_LINES))

    async def run(self) -> AsyncIterator[SetupProgress]:
        """Set the environment up, yielding progress and the installer's output lines.

        Raises EngineSetupError when a step fails; cancelling the consumer stops the
        running installer. Running it again continues where it stopped."""
        self.output.clear()
        options = self.options
        step = SetupStep.FIND_PYTHON
        yield self._at(step, 0)
        python = options.base_python or await find_base_python()
        if python is None:
            raise EngineSetupError(
                SetupFailure.NO_PYTHON, step,
                "No Python 3.11, 3.12 or 3.13 with its venv module was found on this computer.")
        self._say(f"Python for the engine: {python}")
        yield self._at(step, 1)

        step = SetupStep.CREATE_ENVIRONMENT
        yield self._at(step, 0)
        env_python = self.environment.python
        if not await self._works(env_python):
            self._say(f"Making the environment in {self.environment.folder}")
            await asyncio.to_thread(self._remove_broken_environment)
            async for event in self._command(
                step, [python, "-m", "venv", str(self.environment.folder)], 0
            ):
                yield event
        else:
            self._say(f"Reusing the environment in {self.environment.folder}")
        yield self._at(step, 1)

        index = list(options.index_args) if options.index_args is not None else None
        pip = [str(env_python), "-m", "pip", "install", "--disable-pip-version-check",
               *options.extra_pip_args]
        step = SetupStep.UPDATE_PIP
        async for event in self._pip(step, [*pip, "--upgrade", "pip", *(index or [])], 5):
            yield event

        requirements = list(options.requirements) if options.requirements is not None \
            else engine_requirements()
        torch = [r for r in requirements if requirement_name(r) == options.torch_package]
        rest = [r for r in requirements if requirement_name(r) != options.torch_package]
        progress_args = ["--progress-bar", "raw"] if await self._pip_reports_progress() else []

        step = SetupStep.INSTALL_TORCH
        torch_index = index if index is not None else torch_index_args(options.variant)
        if torch:
            expected = DOWNLOAD_MB[options.variant] * 900_000  # most of the download
            async for event in self._pip(step, [*pip, *progress_args, *torch, *torch_index],
                                         expected):
                yield event
        step = SetupStep.INSTALL_PACKAGES
        # torch again, pinned as it is, so nothing here replaces the build just installed.
        async for event in self._pip(
            step, [*pip, *progress_args, *torch, *rest, *(index or [])], 110_000_000
        ):
            yield event

        step = SetupStep.INSTALL_APP
        yield self._at(step, 0)
        try:
            await asyncio.to_thread(self._install_app, options.app_folder or app_package_folder())
        except OSError as error:
            raise self._os_failure(step, error) from error
        yield self._at(step, 1)

        step = SetupStep.CHECK
        yield self._at(step, 0)
        modules = ", ".join(["fine_tune_studio.cli", *options.check_modules])
        check = (f"import {modules}; import fine_tune_studio; "
                 "print('engine environment ok', fine_tune_studio.__version__)")
        async for event in self._command(step, [str(env_python), "-c", check], 0):
            yield event
        if not any(line == f"engine environment ok {__version__}" for line in self.output):
            raise EngineSetupError(SetupFailure.FAILED, step,
                                   "The engine's environment holds another version of the app.",
                                   self.output_tail())
        try:
            await asyncio.to_thread(self._write_marker, python)
        except OSError as error:
            raise self._os_failure(step, error) from error
        yield SetupProgress(step, 1.0, finished=True)

    # -- pieces ------------------------------------------------------------------------------

    def output_tail(self, lines: int = 40) -> str:
        return "\n".join(list(self.output)[-lines:])

    def _say(self, text: str) -> None:
        self.output.append(text)

    def _at(self, step: SetupStep, within: float) -> SetupProgress:
        return SetupProgress(step, _overall(step, within))

    async def _works(self, python: Path) -> bool:
        if not python.exists():
            return False
        found = await _probe_python([str(python)])
        return found is not None

    async def _pip_reports_progress(self) -> bool:
        """pip 24.1 and later print parsable download progress (`--progress-bar raw`)."""
        process = await asyncio.create_subprocess_exec(
            str(self.environment.python), "-c",
            "import pip; print(pip.__version__)", stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=foreign_program_environment())
        out, _ = await process.communicate()
        numbers = re.findall(r"\d+", out.decode(errors="replace"))[:2]
        return len(numbers) == 2 and (int(numbers[0]), int(numbers[1])) >= (24, 1)

    def _remove_broken_environment(self) -> None:
        # A half-made environment (a cancel during `venv`) is remade from nothing; the
        # marker goes too, so the app never starts the engine from it.
        if self.environment.folder.exists():
            shutil.rmtree(self.environment.folder)

    def _install_app(self, package: Path) -> None:
        """Copy the app's package in, replacing an older copy in one rename."""
        target = self.environment.app_folder
        staging = target.with_name(target.name + ".new")
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(package, staging / package.name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        old = target.with_name(target.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        if old.exists():
            shutil.rmtree(old)
        for site_packages in self._site_packages():
            (site_packages / PTH_NAME).write_text(f"{target}\n", encoding="utf-8")
        self._say(f"The app ({package}) copied to {target}")

    def _site_packages(self) -> list[Path]:
        if sys.platform == "win32":
            return [self.environment.folder / "Lib" / "site-packages"]
        return sorted(self.environment.folder.glob("lib/python3.*/site-packages"))

    def _write_marker(self, base_python: str) -> None:
        record = {"app_version": __version__, "torch_variant": self.options.variant.value,
                  "base_python": base_python, "made": time.strftime("%Y-%m-%dT%H:%M:%S")}
        self.environment.marker.write_text(json.dumps(record, indent=1), encoding="utf-8")

    def _os_failure(self, step: SetupStep, error: OSError) -> EngineSetupError:
        reason = classify_failure(f"[Errno {error.errno}] {error}")
        return EngineSetupError(reason, step, str(error), self.output_tail())

    async def _pip(self, step: SetupStep, command: list[str],
                   expected_bytes: int) -> AsyncIterator[SetupProgress]:
        yield self._at(step, 0)
        async for event in self._command(step, command, expected_bytes):
            yield event
        yield self._at(step, 1)

    async def _command(self, step: SetupStep, command: list[str],
                       expected_bytes: int) -> AsyncIterator[SetupProgress]:
        """Run one installer command, passing its lines on; raise if it fails."""
        self._say("$ " + " ".join(command))
        posix = os.name == "posix"
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**foreign_program_environment(), "PYTHONUNBUFFERED": "1",
                 "PIP_NO_INPUT": "1"},
            # Its own process group, so a cancel also ends what pip started (builds).
            start_new_session=posix,
        )
        watch = _PipWatch()
        finished = False
        code = -1
        try:
            assert process.stdout is not None
            async for raw in process.stdout:
                line = raw.decode("utf-8", errors="replace").rstrip()
                if watch.read(line):
                    yield SetupProgress(step, _overall(step, watch.fraction(expected_bytes)),
                                        package=watch.package, done_bytes=watch.done,
                                        total_bytes=watch.total)
                    continue
                self.output.append(line)
                yield SetupProgress(step, _overall(step, watch.fraction(expected_bytes)),
                                    line=line, package=watch.package)
            code = await process.wait()
            finished = True
        finally:
            if not finished:
                await _stop(process, posix)
        if code != 0:
            tail = self.output_tail()
            raise EngineSetupError(classify_failure(tail), step,
                                   f"{Path(command[0]).name} ended with exit code {code}", tail)


async def _stop(process: asyncio.subprocess.Process, group: bool) -> None:
    """End a cancelled installer (and what it started), without leaving it behind."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
    with contextlib.suppress(Exception):
        await asyncio.shield(process.wait())


def _overall(step: SetupStep, within: float) -> float:
    before = sum(_WEIGHTS[s] for s in STEPS[:STEPS.index(step)])
    total = sum(_WEIGHTS.values())
    return min(1.0, (before + _WEIGHTS[step] * max(0.0, min(1.0, within))) / total)


# -- a GPU worth asking about -----------------------------------------------------------------


async def nvidia_gpu_name(timeout: float = 10.0) -> str | None:
    """The first NVIDIA GPU's name from `nvidia-smi`, or None (no driver, no card)."""
    command = shutil.which("nvidia-smi")
    if command is None:
        return None
    try:
        process = await asyncio.create_subprocess_exec(
            command, "--query-gpu=name", "--format=csv,noheader",
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=foreign_program_environment())
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    except (OSError, TimeoutError):
        return None
    names = [line.strip() for line in out.decode(errors="replace").splitlines() if line.strip()]
    return names[0] if process.returncode == 0 and names else None
