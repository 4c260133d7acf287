# Coffer: `make run` sets up and launches the app; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1

.PHONY: run test test-slow bench lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# llama.cpp's native x86 build (-march=native) switches on its AMX path on CPUs that have AMX
# (Xeon Sapphire Rapids and later), and that path crashes on the first decode (llama.cpp
# #20824). On x86_64 the bindings are built for x86-64-v3 (AVX2/FMA/F16C), which every x86 laptop
# of the last decade runs and which has no AMX; --no-cache-dir so a wheel built another way is
# never reused. Override with LLAMA_CMAKE_ARGS=... if needed.
ARCH := $(shell uname -m)
LLAMA_CMAKE_ARGS_x86_64 := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON \
	-DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF
LLAMA_CMAKE_ARGS ?= $(or $(LLAMA_CMAKE_ARGS_$(ARCH)),-DLLAVA_BUILD=OFF)

$(STAMP): pyproject.toml | $(PY)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet --no-cache-dir \
		"$$(grep -o '"llama-cpp-python[^"]*"' pyproject.toml | tr -d '"')"
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/coffer

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow

bench: $(STAMP)
	$(PY) bench/bench_extract.py

lint: $(STAMP)
	$(VENV)/bin/ruff check desktop_app tests bench

clean:
	rm -rf $(VENV) build dist *.egg-info

# --- Installers (installer/README.md) --------------------------------------------------------
.PHONY: installer installer-test
INSTALLER_STAMP := $(VENV)/.installer-installed

$(INSTALLER_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,installer]'
	touch $(INSTALLER_STAMP)

# The slim OpenCV module for the bundle (core + imgproc, no Qt/FFmpeg/OpenBLAS): ~15-25 minutes
# once; the script does nothing when the one built matches the installed opencv-python.
OPENCV_DIST := build/opencv-dist/cv2.abi3.so
$(OPENCV_DIST): installer/build_opencv_dist.sh $(INSTALLER_STAMP)
	PY=$(PY) bash installer/build_opencv_dist.sh

# ICU's data with only what Qt uses (collation, converters, time zones): seconds; needs
# icupkg/genccode (Debian: icu-devtools). Rebuilt when PySide6's libicudata changes.
ICU_DIST := build/icu-dist/SOURCE
$(ICU_DIST): installer/build_icu_dist.py $(INSTALLER_STAMP)
	$(PY) installer/build_icu_dist.py

# NumPy without OpenBLAS, same version as the installed one: ~15 minutes once; the script does
# nothing when the one built matches.
NUMPY_DIST := build/numpy-dist/VERSION
$(NUMPY_DIST): installer/build_numpy_dist.sh $(INSTALLER_STAMP)
	PY=$(PY) bash installer/build_numpy_dist.sh

# sqlcipher3 linked against the bundle's shared libcrypto instead of its own static OpenSSL:
# ~2 minutes once (needs libssl-dev); the script does nothing when the one built matches.
SQLCIPHER_DIST := build/sqlcipher-dist/VERSION
$(SQLCIPHER_DIST): installer/build_sqlcipher_dist.sh $(INSTALLER_STAMP)
	PY=$(PY) bash installer/build_sqlcipher_dist.sh

# dist/Coffer (PyInstaller one-folder bundle) and dist/Coffer-<version>-linux-<arch>.tar.gz.
# Uses build/llama-dist/lib when installer/build_llama_dist.sh has made it.
installer: $(INSTALLER_STAMP) $(OPENCV_DIST) $(ICU_DIST) $(NUMPY_DIST) $(SQLCIPHER_DIST)
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/coffer.spec
	PY=$(PY) sh installer/linux/package.sh

# Builds the bundle, runs `coffer --self-test` with networking off and the window offscreen.
installer-test: $(INSTALLER_STAMP) $(OPENCV_DIST) $(ICU_DIST) $(NUMPY_DIST) $(SQLCIPHER_DIST)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow tests/installer

# --- Teach Coffer: rebuild the shipped extraction adapter (desktop_app/teach/build.py) ----------
.PHONY: adapter
TEACH_STAMP := $(VENV)/.teach-installed

# torch first and explicitly (the CPU build), then transformers/peft/gguf.
$(TEACH_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test,teach]'
	touch $(TEACH_STAMP)

# Generates the training documents (deterministic by seed), trains the LoRA on the CPU (1 thread
# when the machine is busy), writes models/coffer-extract-lora.gguf, checks llama.cpp agrees with
# PyTorch, and records its sha256 in models/manifest.toml (enabled only with ENABLE=--enable).
adapter: $(TEACH_STAMP)
	$(PY) -m desktop_app.teach.build --minutes $(or $(MINUTES),35) $(ENABLE)

# Fuzzing (issue 9): the tests/fuzz harness (ingestion of mutated PDF/image/DOCX/text files in
# forked children; parsing of model output and document text) for a fixed wall-clock budget.
# Prints executions and findings; exit 1 if any. `make fuzz FUZZ_SECONDS=1800` for a nightly run.
FUZZ_SECONDS ?= 300
.PHONY: fuzz
fuzz: $(STAMP)
	$(PY) -m tests.fuzz.run_fuzz --seconds $(FUZZ_SECONDS)
