#!/usr/bin/env bash
# Installs Fine Tune Studio as a desktop app for the current user (no root needed):
# the bundle under ~/.local/share/fine-tune-studio/app, a command in ~/.local/bin, the
# menu entry (.desktop, opening .jsonl files), the icons (hicolor), the AppStream
# metainfo and the JSON Lines file type.
#
#   packaging/install-linux.sh [BUNDLE_DIR]       # default: dist/fine-tune-studio, or the
#                                                 # bundle this script sits in
#   packaging/install-linux.sh --program PATH     # only the desktop files, for a program
#                                                 # installed otherwise (pip install)
#   packaging/install-linux.sh --uninstall
#
# Honours XDG_DATA_HOME. The desktop databases are refreshed when their tools exist
# (update-desktop-database, update-mime-database, gtk-update-icon-cache); without them the
# files still work after the next login.
set -euo pipefail

APP_ID=io.github.finetunestudio.FineTuneStudio
here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
bin_dir=$HOME/.local/bin
app_dir=$data_home/fine-tune-studio/app
apps=$data_home/applications
icons=$data_home/icons/hicolor
mime=$data_home/mime
metainfo=$data_home/metainfo

# Where the desktop files and icons are: beside this script in a bundle (desktop/), or in
# the source tree.
if [ -d "$here/desktop" ]; then
  desktop_src=$here/desktop; icon_src=$here/desktop/icons; default_bundle=$here
else
  desktop_src=$here/linux; icon_src=$here/../fine_tune_studio/resources/icons
  default_bundle=$here/../dist/fine-tune-studio
fi

refresh() {
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$apps" || true; fi
  if command -v update-mime-database >/dev/null; then update-mime-database "$mime" >/dev/null 2>&1 || true; fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icons" || true
  fi
}

uninstall() {
  rm -f "$apps/$APP_ID.desktop" "$metainfo/$APP_ID.metainfo.xml" \
        "$mime/packages/fine-tune-studio.xml" "$icons/scalable/apps/$APP_ID.svg"
  for png in "$icons"/*/apps/"$APP_ID".png; do rm -f "$png"; done
  if [ -L "$bin_dir/fine-tune-studio" ]; then rm -f "$bin_dir/fine-tune-studio"; fi
  rm -rf "$app_dir"
  rmdir "$data_home/fine-tune-studio" 2>/dev/null || true
  mkdir -p "$apps" "$mime/packages"
  refresh
  echo "Fine Tune Studio removed (your examples, settings and models are kept)."
}

program=""
bundle=""
case "${1:-}" in
  --uninstall) uninstall; exit 0 ;;
  --program) program=$(realpath "${2:?--program needs the path of fine-tune-studio}") ;;
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
  "") bundle=$default_bundle ;;
  *) bundle=$1 ;;
esac

if [ -n "$bundle" ]; then
  bundle=$(realpath "$bundle")
  if [ ! -x "$bundle/fine-tune-studio" ]; then
    echo "No bundle at $bundle (build one with: bash packaging/build-linux.sh)" >&2
    exit 1
  fi
  if [ "$bundle" != "$app_dir" ]; then
    # Into a new folder first, then swapped in: an interrupted copy never leaves half an app.
    mkdir -p "$(dirname "$app_dir")"
    rm -rf "$app_dir.new"
    cp -a "$bundle" "$app_dir.new"
    rm -rf "$app_dir"
    mv "$app_dir.new" "$app_dir"
  fi
  program=$app_dir/fine-tune-studio
  mkdir -p "$bin_dir"
  ln -sfn "$program" "$bin_dir/fine-tune-studio"
fi
[ -x "$program" ] || { echo "$program is not an executable program" >&2; exit 1; }

mkdir -p "$apps" "$metainfo" "$mime/packages" "$icons/scalable/apps"
# The desktop entry runs the installed program by its full path: ~/.local/bin is not on
# every desktop session's PATH. Quoted as the Desktop Entry spec asks for paths with spaces.
quoted=$(printf '%s' "$program" | sed 's/[\\"`$]/\\\\&/g')
while IFS= read -r line; do
  case "$line" in
    Exec=*) printf 'Exec="%s" %%F\n' "$quoted" ;;
    TryExec=*) printf 'TryExec=%s\n' "$program" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$desktop_src/$APP_ID.desktop" > "$apps/$APP_ID.desktop"
cp "$desktop_src/$APP_ID.metainfo.xml" "$metainfo/"
cp "$desktop_src/fine-tune-studio-mime.xml" "$mime/packages/fine-tune-studio.xml"
cp "$icon_src/fine-tune-studio.svg" "$icons/scalable/apps/$APP_ID.svg"
for png in "$icon_src"/fine-tune-studio-*.png; do
  size=$(basename "$png" .png); size=${size##*-}
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$png" "$icons/${size}x${size}/apps/$APP_ID.png"
done
refresh
echo "Fine Tune Studio installed for $(id -un): $program"
echo "It is in your applications menu, and opens .jsonl files."
