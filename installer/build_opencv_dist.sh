#!/usr/bin/env bash
# Builds a slim OpenCV Python module for the bundle into build/opencv-dist/cv2.abi3.so, where
# installer/coffer.spec picks it up instead of opencv-python's (which RapidOCR depends on).
#
# RapidOCR calls only image maths from OpenCV (resize, warpPerspective, findContours, dilate,
# fillPoly, cvtColor, copyMakeBorder, ... from core and imgproc; it opens pictures with Pillow,
# and imwrite only draws its debugging pictures, which Coffer never asks for). opencv-python's
# wheel carries the whole library plus Qt 5, FFmpeg, OpenBLAS and GUI/video/DNN modules: ~187 MB
# in the bundle. This build has core and imgproc (with geometry and flann, which imgproc needs),
# no image codecs, no GUI, no video, no OpenCL, no LAPACK, and the same CPU baseline (SSE3) and
# run-time dispatch (up to AVX-512) as the wheel.
# Intel's IPP binaries cannot be fetched here, so it runs OpenCV's own code paths; the OCR
# output was compared with the wheel's on the test scans (installer/README.md).
#
# Usage: installer/build_opencv_dist.sh [VERSION]   (default: the installed opencv-python's)
# Needs a C/C++ compiler, cmake and ninja; pip fetches the source (opencv-python-headless sdist).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
BUILD="$ROOT/build"
SRC="$BUILD/opencv-src"
WORK="$BUILD/opencv-build"
OUT="$BUILD/opencv-dist"

VERSION="${1:-$("$PY" -c 'import importlib.metadata as m; print(m.version("opencv-python"))')}"
JOBS="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
# What is built; a module built from another list is rebuilt (it was core,imgproc,imgcodecs).
BUILD_LIST="core,imgproc,python3,python_bindings_generator"

if [ -f "$OUT/cv2.abi3.so" ] && [ "$(cat "$OUT/VERSION" 2>/dev/null)" = "$VERSION" ] \
        && [ "$(cat "$OUT/BUILD_LIST" 2>/dev/null)" = "$BUILD_LIST" ] && [ -z "${FORCE:-}" ]; then
    touch "$OUT/cv2.abi3.so"
    echo "slim OpenCV $VERSION is already in $OUT (FORCE=1 rebuilds it)"
    exit 0
fi

mkdir -p "$SRC"
SDIST="$SRC/opencv_python_headless-$VERSION.tar.gz"
if [ ! -f "$SDIST" ]; then
    "$PY" -m pip download --quiet --no-deps --no-binary opencv-python-headless \
        -d "$SRC" "opencv-python-headless==$VERSION"
fi
TREE="$SRC/opencv_python_headless-$VERSION"
[ -d "$TREE/opencv" ] || tar -xzf "$SDIST" -C "$SRC"

NUMPY_INCLUDE="$("$PY" -c 'import numpy; print(numpy.get_include())')"
# The interpreter the bundle is made with (OpenCV's own search finds the system's otherwise).
PY_INCLUDE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
PY_LIBRARY="$("$PY" -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") + "/" + s.get_config_var("LDLIBRARY"))')"
OFF=""
for option in IPP ITT OPENCL LAPACK EIGEN FFMPEG GSTREAMER V4L QT GTK VTK TIFF WEBP OPENJPEG \
        JASPER OPENEXR AVIF PROTOBUF TBB OPENMP 1394 VA VA_INTEL OBSENSOR CUDA OPENVX GDAL GDCM \
        IMGCODEC_HDR IMGCODEC_SUNRASTER IMGCODEC_PXM IMGCODEC_PFM IMGCODEC_GIF FLATBUFFERS KLEIDICV \
        FASTCV HAL_RVV NDSRVP CAROTENE; do
    OFF="$OFF -DWITH_$option=OFF"
done

# Shared machines: the compiler runs at the lowest priority.
nice -n 19 cmake -S "$TREE/opencv" -B "$WORK" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_LIST="$BUILD_LIST" \
    -DBUILD_SHARED_LIBS=OFF -DBUILD_ZLIB=ON -DBUILD_PNG=OFF -DBUILD_JPEG=OFF \
    -DWITH_PNG=OFF -DWITH_SPNG=OFF -DWITH_JPEG=OFF -DBUILD_opencv_imgcodecs=OFF $OFF \
    -DCPU_BASELINE=SSE3 -DCPU_DISPATCH=SSE4_1,SSE4_2,AVX,FP16,AVX2,AVX512_SKX \
    -DBUILD_TESTS=OFF -DBUILD_PERF_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOCS=OFF \
    -DBUILD_opencv_apps=OFF -DBUILD_JAVA=OFF -DBUILD_opencv_python2=OFF \
    -DENABLE_PRECOMPILED_HEADERS=OFF -DOPENCV_GENERATE_PKGCONFIG=OFF \
    -DPYTHON3_EXECUTABLE="$PY" -DPYTHON3_NUMPY_INCLUDE_DIRS="$NUMPY_INCLUDE" \
    -DPYTHON3_INCLUDE_DIR="$PY_INCLUDE" -DPYTHON3_LIBRARY="$PY_LIBRARY" \
    -DPYTHON3_LIMITED_API=ON \
    -DCMAKE_SHARED_LINKER_FLAGS="-Wl,--gc-sections -Wl,--as-needed" \
    -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections" \
    -DCMAKE_C_FLAGS="-ffunction-sections -fdata-sections" \
    > "$BUILD/opencv-configure.log"
grep -E "To be built|Baseline|Dispatched|Intel IPP|Lapack|OpenCL:" "$BUILD/opencv-configure.log" || true
nice -n 19 cmake --build "$WORK" --target opencv_python3 -j "$JOBS"

MODULE="$(find "$WORK/lib" -name 'cv2*.so' | head -n 1)"
[ -n "$MODULE" ] || { echo "build_opencv_dist.sh: no cv2 module was built" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
cp "$MODULE" "$OUT/cv2.abi3.so"
strip --strip-unneeded "$OUT/cv2.abi3.so"
echo "$VERSION" > "$OUT/VERSION"
echo "$BUILD_LIST" > "$OUT/BUILD_LIST"
ls -l "$OUT"
echo "slim OpenCV $VERSION for the bundle is in $OUT"
