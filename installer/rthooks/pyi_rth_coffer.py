"""Frozen app: hand llama.cpp its run-time CPU backends before the first model is loaded."""
import sys


def _install() -> None:
    import os

    lib = os.path.join(getattr(sys, "_MEIPASS", ""), "llama_cpp", "lib")
    try:
        names = os.listdir(lib)
    except OSError:
        return
    if not any(n.startswith(("libggml-cpu-", "ggml-cpu-")) for n in names):
        return  # a build with the CPU backend linked in: nothing to load

    class _BeforeLlama:
        """Loads the backends when llama_cpp's bindings are first imported, so processes that
        never run the model (the GUI until it asks, reader workers) pay nothing."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "llama_cpp.llama_cpp":
                return None
            sys.meta_path.remove(_BeforeLlama)
            _load_backends(lib)
            return None

    sys.meta_path.insert(0, _BeforeLlama)


def _load_backends(lib: str) -> None:
    import ctypes
    import os

    name = {"win32": "ggml.dll", "darwin": "libggml.dylib"}.get(sys.platform, "libggml.so.0")
    # The dynamic linker matches the soname, so libllama later shares this very libggml and
    # its backend registry.
    ggml = ctypes.CDLL(os.path.join(lib, name), mode=ctypes.RTLD_GLOBAL)
    ggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    ggml.ggml_backend_load_all_from_path.restype = None
    # llama.cpp scores every libggml-cpu-<level> in the folder against this CPU and keeps the best.
    ggml.ggml_backend_load_all_from_path(os.fsencode(lib))


_install()
