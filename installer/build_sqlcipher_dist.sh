#!/usr/bin/env bash
# Builds sqlcipher3 (the vault's SQLCipher bindings) against the shared libcrypto.so.3 into
# build/sqlcipher-dist/ (an unpacked wheel), where installer/coffer.spec takes its compiled
# module from instead of the installed wheel's.
#
# The PyPI wheel's module is SQLCipher plus a static OpenSSL: 8.4 MB after stripping. The bundle
# already ships OpenSSL's libcrypto.so.3 (Python's _hashlib links it), so the same sqlcipher3
# source (its sdist carries the SQLCipher amalgamation, vendor/sqlite3.c) linked against that
# library is 2.1 MB. Same SQLCipher version and compile options (the sdist's setup.py sets
# them); only where OpenSSL's code lives differs. SQLCipher calls OpenSSL only for PBKDF2-HMAC-
# SHA512, AES-256-CBC, HMAC-SHA512 and random bytes, which give the same bytes in any OpenSSL 3.
# tests/installer/test_bundle_trims.py proves the vaults interoperate in both directions.
#
# Usage: installer/build_sqlcipher_dist.sh [VERSION]   (default: the installed sqlcipher3's)
# Needs a C compiler and OpenSSL's headers (Debian's libssl-dev); pip fetches the sdist.
# ~2 minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
BUILD="$ROOT/build"
SRC="$BUILD/sqlcipher-src"
OUT="$BUILD/sqlcipher-dist"

VERSION="${1:-$("$PY" -c 'import importlib.metadata as m; print(m.version("sqlcipher3"))')}"

if [ -f "$OUT/VERSION" ] && [ "$(cat "$OUT/VERSION")" = "$VERSION" ] && [ -z "${FORCE:-}" ]; then
    touch "$OUT/VERSION"
    echo "sqlcipher3 $VERSION against the shared libcrypto is already in $OUT (FORCE=1 rebuilds it)"
    exit 0
fi
# The sdist's setup.py fetches a static OpenSSL with Conan when Conan is importable (from a
# server outside the package registries); without Conan it links the system's -lcrypto, which
# is what this build wants. So: no build isolation (it would install Conan) and no Conan here.
if "$PY" -c 'import conan' 2>/dev/null; then
    echo "build_sqlcipher_dist.sh: Conan is installed in $PY's environment; sqlcipher3's setup.py" \
         "would fetch and link a static OpenSSL with it" >&2
    exit 1
fi
[ -f /usr/include/openssl/evp.h ] || {
    echo "build_sqlcipher_dist.sh: OpenSSL's headers are missing (apt-get install libssl-dev)" >&2
    exit 1
}

WHEELS="$SRC/wheels"
rm -rf "$WHEELS" && mkdir -p "$WHEELS"
nice -n 19 "$PY" -m pip wheel --no-deps --no-cache-dir --no-binary sqlcipher3 \
    --no-build-isolation -w "$WHEELS" "sqlcipher3==$VERSION"

WHEEL="$(ls "$WHEELS"/sqlcipher3-"$VERSION"-*.whl | head -n 1)"
rm -rf "$OUT" && mkdir -p "$OUT"
"$PY" -m zipfile -e "$WHEEL" "$OUT"
MODULE="$(ls "$OUT"/sqlcipher3/_sqlite3*.so)"
# Refuse a module that did not end up linking the shared libcrypto (the point of this build)
# or that still carries an OpenSSL of its own.
DEPS="$(ldd "$MODULE")"
if ! grep -q 'libcrypto\.so\.3' <<< "$DEPS"; then
    echo "build_sqlcipher_dist.sh: $MODULE does not link libcrypto.so.3" >&2
    exit 1
fi
strip --strip-unneeded "$MODULE"
if [ "$(stat -c %s "$MODULE")" -gt 4000000 ]; then
    echo "build_sqlcipher_dist.sh: $MODULE is $(stat -c %s "$MODULE") bytes: a static OpenSSL?" >&2
    exit 1
fi
echo "$VERSION" > "$OUT/VERSION"
ls -l "$MODULE"
echo "sqlcipher3 $VERSION against the shared libcrypto for the bundle is in $OUT"
