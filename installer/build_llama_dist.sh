#!/usr/bin/env bash
# Builds llama-cpp-python for distribution (not for this CPU) and unpacks its libraries into
# build/llama-dist/lib, where installer/coffer.spec picks them up instead of the dev wheel's.
#
#   GGML_NATIVE=OFF         no -march=native: the build machine's CPU must not leak into the app
#   GGML_BACKEND_DL=ON      the CPU backend becomes a plug-in loaded at run time...
#   GGML_CPU_ALL_VARIANTS=ON ...built once per x86-64 feature level (x64, sse42, sandybridge,
#                           haswell, skylakex, icelake, alderlake, zen4, ...); ggml scores them
#                           against the running CPU and loads the best one
#   LLAVA_BUILD=OFF         Coffer reads text only: no multimodal library to build or ship
#
# Usage: installer/build_llama_dist.sh [SDIST_OR_VERSION]   (default: the installed version)
# Needs a C/C++ compiler; pip fetches the sdist and cmake/ninja/scikit-build-core from PyPI.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
BUILD="$ROOT/build"
VENV="$BUILD/installer-venv"
WHEELS="$BUILD/installer-wheels"
OUT="$BUILD/llama-dist"

SPEC="${1:-llama-cpp-python==$("$PY" -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))')}"

export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DLLAVA_BUILD=OFF ${EXTRA_CMAKE_ARGS:-}"
# Shared machines: the compiler runs at the lowest priority (nice 19 below).
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip wheel
rm -rf "$WHEELS" && mkdir -p "$WHEELS"
echo "building $SPEC with CMAKE_ARGS=$CMAKE_ARGS"
# --no-cache-dir: this wheel must never be picked up by a plain `pip install` later.
nice -n 19 "$VENV/bin/python" -m pip wheel --no-cache-dir --no-deps --no-binary llama-cpp-python \
    --wheel-dir "$WHEELS" "$SPEC"

rm -rf "$OUT" && mkdir -p "$OUT/unpacked" "$OUT/lib"
"$VENV/bin/python" -m zipfile -e "$WHEELS"/llama_cpp_python-*.whl "$OUT/unpacked"
# ggml installs the CPU variants beside its own libraries or under bin/ depending on the
# platform: gather every shared library of the wheel into one folder.
find "$OUT/unpacked" -type f \( -name '*.so*' -o -name '*.dylib' -o -name '*.dll' \) \
    -exec cp -a {} "$OUT/lib/" \;
# The names the loader looks for (libggml.so.0, ...) as plain files: PyInstaller copies files.
(cd "$OUT/lib" && for f in lib*.so.*.*.*; do
    [ -e "$f" ] || continue
    base="${f%%.so.*}.so"; major="${f#"$base".}"; major="$base.${major%%.*}"
    [ -e "$major" ] || cp "$f" "$major"
    [ -e "$base" ] || cp "$f" "$base"
done)
ls -l "$OUT/lib"
echo "llama.cpp distribution libraries are in $OUT/lib"
