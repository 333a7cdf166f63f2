#!/usr/bin/env bash
# Builds the one-folder Linux bundle: dist/fine-tune-studio (or OUT_DIR/fine-tune-studio).
#   bash packaging/build-linux.sh [OUT_DIR]        PYTHON=... picks the build interpreter
# Prints the bundle's size and build time last. The bundle carries install-linux.sh and the
# desktop files, so a copy of the folder installs itself: fine-tune-studio/install-linux.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
out=$(realpath -m "${1:-dist}")
work=${PYINSTALLER_WORK:-build/pyinstaller}
started=$(date +%s)
# The spec puts this source tree first on the module path: the bundle holds this checkout's
# app, with the third-party packages of $python's environment.
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$out" --workpath "$work" packaging/fine-tune-studio.spec
bundle=$out/fine-tune-studio
# Debug symbols out of what is safe to strip: libpython and Python's own modules (built
# with symbols by pyenv and some distributions). Libraries patched by auditwheel (a
# RUNPATH of $ORIGIN/...) are left alone: stripping numpy's OpenBLAS again breaks it.
if command -v strip >/dev/null; then
  find "$bundle/_internal" -type f -name '*.so*' -not -path '*.libs/*' -print0 |
    while IFS= read -r -d '' lib; do
      if file -b "$lib" | grep -q 'not stripped' && ! readelf -d "$lib" 2>/dev/null | grep -q 'R.*PATH.*ORIGIN'; then
        strip --strip-unneeded "$lib"
      fi
    done
fi
mkdir -p "$bundle/desktop/icons"
cp packaging/linux/* "$bundle/desktop/"
cp fine_tune_studio/resources/icons/fine-tune-studio.svg fine_tune_studio/resources/icons/*.png \
  "$bundle/desktop/icons/"
cp packaging/install-linux.sh "$bundle/install-linux.sh"
size_mb=$(du -sm "$bundle" | cut -f1)
echo "bundle: $bundle, ${size_mb} MB, built in $(( $(date +%s) - started )) s"
