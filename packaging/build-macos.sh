#!/usr/bin/env bash
# Builds the macOS app bundle: dist/Fine Tune Studio.app (one folder inside, as on Linux),
# runs its self-test and prints its size. Optionally signs and notarizes it.
#
#   bash packaging/build-macos.sh [OUT_DIR]
#   SIGN_IDENTITY="Developer ID Application: …" NOTARY_PROFILE=… bash packaging/build-macos.sh
#
# Needs Python 3.11-3.13 from python.org (a universal2 build, so the bundle runs on Intel
# and Apple silicon only if every wheel is universal2 too; otherwise build on each).
# Written for and reviewed against PyInstaller 6.22; not run on this project's Linux CI
# machines. .github/workflows/desktop-bundles.yml runs it on macos-latest.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
out=${1:-dist}
started=$(date +%s)

"$python" -m venv build/venv-macos
venv_python=build/venv-macos/bin/python
"$venv_python" -m pip install --upgrade pip
# Pillow lets PyInstaller turn the PNG icon into the .icns macOS wants.
"$venv_python" -m pip install ".[gui,bundle]" pillow

"$venv_python" -m PyInstaller --noconfirm --log-level WARN --distpath "$out" \
  --workpath build/pyinstaller packaging/fine-tune-studio.spec
app="$out/Fine Tune Studio.app"
"$app/Contents/MacOS/fine-tune-studio" --self-test

if [ -n "${SIGN_IDENTITY:-}" ]; then
  # Hardened runtime, as notarization requires; the bundle's Python needs no extra
  # entitlements (no JIT, no unsigned libraries once everything inside is signed).
  codesign --deep --force --options runtime --timestamp --sign "$SIGN_IDENTITY" "$app"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    ditto -c -k --keepParent "$app" "$out/fine-tune-studio-macos.zip"
    xcrun notarytool submit "$out/fine-tune-studio-macos.zip" --keychain-profile \
      "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$app"
  fi
fi
echo "bundle: $app, $(du -sm "$app" | cut -f1) MB, built in $(( $(date +%s) - started )) s"
