#!/usr/bin/env bash
# Builds NumPy without BLAS/LAPACK for the bundle into build/numpy-dist/ (an unpacked wheel),
# where installer/coffer.spec takes NumPy's compiled modules from instead of the installed wheel's.
#
# The PyPI wheel links scipy-openblas (numpy.libs: OpenBLAS 24 MB + libgfortran 2.7 MB after
# stripping). Coffer never multiplies matrices: RapidOCR and desktop_app/ingestion/ocr.py call
# np.linalg.norm on 2-vectors (box sides) and np.dot on a 3x3 matrix and a 3-vector; NumPy's own
# loops do those without BLAS (and its bundled lapack_lite keeps numpy.linalg complete). The
# compiled modules are the same set, from the same version's source, with the same SIMD
# baseline and run-time dispatch as the wheel; only BLAS/LAPACK differ.
#
# Usage: installer/build_numpy_dist.sh [VERSION]   (default: the installed numpy's)
# Needs a C/C++ compiler; pip fetches the source (numpy sdist) and its build requirements.
# ~15 minutes on 2 busy cores.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
BUILD="$ROOT/build"
SRC="$BUILD/numpy-src"
OUT="$BUILD/numpy-dist"

VERSION="${1:-$("$PY" -c 'import importlib.metadata as m; print(m.version("numpy"))')}"

if [ -f "$OUT/VERSION" ] && [ "$(cat "$OUT/VERSION")" = "$VERSION" ] && [ -z "${FORCE:-}" ]; then
    touch "$OUT/VERSION"
    echo "NumPy $VERSION without OpenBLAS is already in $OUT (FORCE=1 rebuilds it)"
    exit 0
fi

WHEELS="$SRC/wheels"
rm -rf "$WHEELS" && mkdir -p "$WHEELS"
# pip fetches the sdist and builds it once (no separate download: meson-python has no metadata
# hook, so `pip download` of an sdist would build it a first time). The compiler runs at the
# lowest priority (shared machines). -Dblas/-Dlapack=none with allow-noblas: no BLAS library is
# searched for or linked; NumPy uses its own loops and its bundled lapack_lite.
nice -n 19 "$PY" -m pip wheel --no-deps --no-cache-dir --no-binary numpy -w "$WHEELS" \
    "numpy==$VERSION" \
    -Csetup-args=-Dblas=none -Csetup-args=-Dlapack=none -Csetup-args=-Dallow-noblas=true \
    -Csetup-args=-Dbuildtype=release -Ccompile-args=-j"${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

WHEEL="$(ls "$WHEELS"/numpy-"$VERSION"-*.whl | head -n 1)"
rm -rf "$OUT" && mkdir -p "$OUT"
"$PY" -m zipfile -e "$WHEEL" "$OUT"
# Refuse a build that linked a BLAS after all (the whole point is its absence).
if find "$OUT" -name '*.so' -exec ldd {} \; 2>/dev/null | grep -qi 'blas\|lapack\|gfortran'; then
    echo "build_numpy_dist.sh: the built NumPy links a BLAS/LAPACK library" >&2
    exit 1
fi
find "$OUT" -name '*.so' -exec strip --strip-unneeded {} \;
echo "$VERSION" > "$OUT/VERSION"
du -sh "$OUT/numpy"
echo "NumPy $VERSION without OpenBLAS for the bundle is in $OUT"
