#!/usr/bin/env bash
# Installs everything Fine Tune Studio needs on Debian 12 into .venv (idempotent).
# Usage: scripts/setup.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-app}

apt_packages=(
  # a real window on X11 (Qt's xcb platform refuses to start without libxcb-cursor0)
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
  libdbus-1-3 fonts-noto-cjk
  # the operating system's keyring (Secret Service)
  dbus gnome-keyring
)
if [ "$purpose" = test ]; then
  # strace: tests/core/test_atomic_write.py watches the fsync and rename calls
  # appstream, desktop-file-utils, shared-mime-info: tests/packaging validate the desktop
  #   files and register the .jsonl type as a desktop would
  # file, binutils: packaging/build-linux.sh strips the bundle's debug symbols
  apt_packages+=(xvfb nodejs npm strace appstream desktop-file-utils shared-mime-info file
                 binutils)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$purpose" = test ] && command -v node >/dev/null && command -v npm >/dev/null; then
  # a newer Node.js is already on the machine: Debian's would only downgrade it
  filtered=(); for p in "${missing[@]}"; do [[ "$p" = nodejs || "$p" = npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch is pinned first: an unpinned torch would pull a multi-gigabyte CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0"
if [ "$purpose" = test ]; then
  .venv/bin/python -m pip install -q -e ".[gui,engine,test,bundle]"
  (cd tools/prism && npm ci --no-audit --no-fund --loglevel=error)
else
  .venv/bin/python -m pip install -q -e ".[gui,engine]"
fi
