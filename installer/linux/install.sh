#!/bin/sh
# Installs Coffer for the current user: the app folder, a menu entry with "Open with Coffer" for
# the document kinds it reads, its icons and AppStream data, and `coffer` on the PATH.
# No root, nothing outside $HOME. Run it from the unpacked folder: ./install.sh
set -eu

HERE="$(cd "$(dirname "$0")" && pwd)"
APP_ID="org.coffer.Coffer"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
DEST="${COFFER_INSTALL_DIR:-$HOME/.local/lib/coffer}"
BIN="$HOME/.local/bin"

if [ ! -x "$HERE/coffer-gui" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run me from the unpacked Coffer folder" >&2
    exit 1
fi

if [ "$HERE" != "$DEST" ]; then
    echo "Installing Coffer into $DEST"
    # Into a fresh folder first, then swapped in: an interrupted copy never leaves half an app.
    mkdir -p "$(dirname "$DEST")"
    rm -rf "$DEST.new"
    cp -a "$HERE" "$DEST.new"
    rm -rf "$DEST.old"
    if [ -e "$DEST" ]; then mv "$DEST" "$DEST.old"; fi
    mv "$DEST.new" "$DEST"
    rm -rf "$DEST.old"
fi

mkdir -p "$DATA/applications" "$DATA/metainfo" "$BIN"
# The menu entry runs the installed copy by its full path (~/.local/bin may not be on PATH
# for the desktop session).
sed -e "s|^Exec=coffer-gui|Exec=\"$DEST/coffer-gui\"|" \
    -e "s|^TryExec=coffer-gui|TryExec=$DEST/coffer-gui|" \
    "$DEST/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$DEST/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for dir in "$DEST"/share/icons/hicolor/*/apps; do
    size="$(basename "$(dirname "$dir")")"
    mkdir -p "$DATA/icons/hicolor/$size/apps"
    cp "$dir"/* "$DATA/icons/hicolor/$size/apps/"
done
ln -sf "$DEST/coffer" "$BIN/coffer"

# Refresh the menu and icon caches where the tools exist; desktops also notice on their own.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true

echo "Coffer is in your applications menu. From a terminal: coffer --help"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "(Add $BIN to your PATH to run 'coffer' by name.)";; esac
