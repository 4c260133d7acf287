#!/bin/sh
# Builds dist/Coffer-<version>-macos-<arch>.dmg from dist/Coffer.app (run on macOS after
# `pyinstaller installer/coffer.spec`). Signs with the hardened runtime and notarizes when the
# credentials are given; without them the dmg is for local testing only.
#
#   COFFER_CODESIGN_IDENTITY="Developer ID Application: ..."  (also read by coffer.spec)
#   COFFER_NOTARY_PROFILE=<profile stored with `xcrun notarytool store-credentials`>
set -eu

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
APP="$ROOT/dist/Coffer.app"
VERSION="$("$PY" "$ROOT/installer/build_support.py" version)"
ARCH="$(uname -m)"
DMG="$ROOT/dist/Coffer-$VERSION-macos-$ARCH.dmg"
ENTITLEMENTS="$ROOT/installer/macos/entitlements.plist"

[ "$(uname -s)" = "Darwin" ] || { echo "make_dmg.sh runs on macOS only" >&2; exit 1; }
[ -d "$APP" ] || { echo "build $APP first: pyinstaller installer/coffer.spec" >&2; exit 1; }

# The bundle must pass its own smoke test before it is packed (no network needed).
"$APP/Contents/MacOS/coffer" --self-test

if [ -n "${COFFER_CODESIGN_IDENTITY:-}" ]; then
    # Inside out: every library and executable, then the bundle, all with the hardened runtime.
    find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' \) -print0 |
        xargs -0 codesign --force --timestamp --options runtime --sign "$COFFER_CODESIGN_IDENTITY"
    for exe in "$APP"/Contents/MacOS/*; do
        codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
            --sign "$COFFER_CODESIGN_IDENTITY" "$exe"
    done
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
        --sign "$COFFER_CODESIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    echo "COFFER_CODESIGN_IDENTITY is not set: the dmg will not open on other Macs without a warning."
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"  # drag-to-install
rm -f "$DMG"
hdiutil create -volname "Coffer $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${COFFER_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$COFFER_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${COFFER_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$COFFER_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
echo "$DMG"
