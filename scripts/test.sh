#!/usr/bin/env bash
# Sets everything up (see setup.sh) and runs the whole test suite, the linters and the
# architecture contracts. The keyring tests run inside a private, unlocked gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen PYTHONHASHSEED=0 FTS_REQUIRE_KEYRING=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check fine_tune_studio tests benchmarks scripts
.venv/bin/mypy
.venv/bin/lint-imports
set +e
scripts/with-keyring .venv/bin/python -m pytest -p no:cacheprovider -q "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi
exit $rc
