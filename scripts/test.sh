#!/usr/bin/env bash
# Sets everything up (see setup.sh) and runs the whole test suite, the linters and the
# architecture contracts. The keyring tests run inside a private, unlocked gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen PYTHONHASHSEED=0 FTS_REQUIRE_KEYRING=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check fine_tune_studio tests benchmarks scripts packaging
.venv/bin/mypy
.venv/bin/lint-imports
# The whole suite (CI) builds the desktop bundle first, once; tests/packaging/test_bundle.py
# then checks it (self-test, validate, install-linux.sh). The last line printed gives its
# size and build time. Run with test paths, the bundle test builds its own when selected.
if [ $# -eq 0 ]; then
  rm -rf build/bundle
  PYTHON=.venv/bin/python bash packaging/build-linux.sh build/bundle
  export FTS_BUNDLE=build/bundle/fine-tune-studio
fi
set +e
scripts/with-keyring .venv/bin/python -m pytest -p no:cacheprovider -q "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi
exit $rc
