# Builds the one-folder Windows bundle: dist\fine-tune-studio\ (fine-tune-studio.exe, the
# windowed app, and fine-tune-studio-cli.exe, its console twin for --version, --self-test
# and validate). Then runs the self-test and prints the size.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1 [-Python py] [-Out dist]
#
# Needs Python 3.11-3.13 (python.org installer) on the build machine. Written for and
# reviewed against PyInstaller 6.22; not run on this project's Linux CI machines (they
# cannot run Windows). .github/workflows/desktop-bundles.yml runs it on windows-latest.
param(
  [string]$Python = "py",
  [string]$Out = "dist"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$started = Get-Date

# A clean build environment: only the app, its GUI packages and the builder. Pillow lets
# PyInstaller turn the PNG icon into the .ico Windows wants.
& $Python -m venv build\venv-windows
$venvPython = "build\venv-windows\Scripts\python.exe"
& $venvPython -m pip install --upgrade pip
& $venvPython -m pip install ".[gui,bundle]" pillow
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

& $venvPython -m PyInstaller --noconfirm --log-level WARN --distpath $Out `
  --workpath build\pyinstaller packaging\fine-tune-studio.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$bundle = Join-Path $Out "fine-tune-studio"
& (Join-Path $bundle "fine-tune-studio-cli.exe") --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed" }

$bytes = (Get-ChildItem $bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Output ("bundle: {0}, {1:N0} MB, built in {2} s" -f $bundle, ($bytes / 1MB), $seconds)
