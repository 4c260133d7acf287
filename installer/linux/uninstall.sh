#!/bin/sh
# Removes what install.sh put in place. The encrypted vault is kept unless you say otherwise:
#   ./uninstall.sh                 asks (keeps it if there is no terminal to ask on)
#   ./uninstall.sh --keep-data     never asks, keeps it
#   ./uninstall.sh --delete-data   never asks, deletes the vault, backups, settings and logs
set -eu

APP_ID="org.coffer.Coffer"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
DEST="${COFFER_INSTALL_DIR:-$HOME/.local/lib/coffer}"
BIN="$HOME/.local/bin"
# Coffer's own files (desktop_app/system/paths.py, platformdirs on Linux).
VAULT_DIR="$DATA/Coffer"
CONFIG_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/Coffer"
STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/Coffer"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/Coffer"

mode="ask"
case "${1:-}" in
    --keep-data) mode="keep" ;;
    --delete-data) mode="delete" ;;
    "") ;;
    *) echo "usage: uninstall.sh [--keep-data|--delete-data]" >&2; exit 2 ;;
esac

rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
for icon in "$DATA"/icons/hicolor/*/apps/"$APP_ID".*; do
    [ -e "$icon" ] && rm -f "$icon"
done
if [ -L "$BIN/coffer" ] && [ "$(readlink "$BIN/coffer")" = "$DEST/coffer" ]; then
    rm -f "$BIN/coffer"
fi
rm -rf "$DEST"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
echo "Coffer's program files are removed."

if [ -d "$VAULT_DIR" ]; then
    if [ "$mode" = "ask" ]; then
        if [ -t 0 ]; then
            printf "Also DELETE your Coffer vault and backups in %s? This cannot be undone. [y/N] " "$VAULT_DIR"
            read -r answer || answer=""
            case "$answer" in y|Y|yes|YES) mode="delete" ;; *) mode="keep" ;; esac
        else
            mode="keep"
        fi
    fi
    if [ "$mode" = "delete" ]; then
        rm -rf "$VAULT_DIR" "$CONFIG_DIR" "$STATE_DIR" "$CACHE_DIR"
        # The vault key in the desktop keychain is useless without the vault.
        command -v secret-tool >/dev/null 2>&1 && secret-tool clear service "Coffer vault key" 2>/dev/null || true
        echo "Your vault, backups, settings and logs are deleted."
    else
        echo "Your vault is kept in $VAULT_DIR (reinstall Coffer to open it again)."
    fi
fi
