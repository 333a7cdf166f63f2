#!/usr/bin/env bash
# Sets everything up (see setup.sh) and opens Fine Tune Studio.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/fine-tune-studio "$@"
