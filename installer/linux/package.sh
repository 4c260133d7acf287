#!/bin/sh
# Completes dist/Coffer for Linux (menu entry, AppStream data, icons, install scripts) and packs
# it as dist/Coffer-<version>-linux-<arch>.tar.gz. Run after PyInstaller (`make installer`).
set -eu

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
DIST="${DIST:-$ROOT/dist}"
APP="$DIST/Coffer"
APP_ID="org.coffer.Coffer"
ICONS="$ROOT/resources/icons"
VERSION="$("$PY" "$ROOT/installer/build_support.py" version)"
ARCH="$(uname -m)"

[ -x "$APP/coffer" ] || { echo "package.sh: build $APP first (make installer)" >&2; exit 1; }

rm -rf "$APP/share"
mkdir -p "$APP/share/applications" "$APP/share/metainfo" "$APP/share/icons/hicolor/scalable/apps"
cp "$ROOT/installer/linux/$APP_ID.desktop" "$APP/share/applications/"
"$PY" "$ROOT/installer/build_support.py" metainfo > "$APP/share/metainfo/$APP_ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$APP/share/icons/hicolor/${size}x${size}/apps"
    cp "$ICONS/coffer-$size.png" "$APP/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
cp "$ICONS/coffer.svg" "$APP/share/icons/hicolor/scalable/apps/$APP_ID.svg"
cp "$ROOT/installer/linux/install.sh" "$ROOT/installer/linux/uninstall.sh" "$APP/"
chmod 755 "$APP/install.sh" "$APP/uninstall.sh"

TARBALL="$DIST/Coffer-$VERSION-linux-$ARCH.tar.gz"
# Owner and group normalised: the archive carries no build-machine user names.
tar --owner=0 --group=0 --numeric-owner --sort=name -C "$DIST" -czf "$TARBALL" Coffer
echo "$TARBALL ($(du -h "$TARBALL" | cut -f1) packed, $(du -sh "$APP" | cut -f1) unpacked)"
