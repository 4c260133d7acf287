"""Coffer's bundle-only stand-in for diskcache (installer/coffer.spec ships it instead of the real
package, which brings Python's sqlite3 and the host's libsqlite3 along, 1.6 MB). Only
llama-cpp-python imports diskcache, at import time, for one class Coffer never uses:
``LlamaDiskCache``, a prompt cache on disk under a relative ``.cache/llama_cache``
(design/SECURITY.md E10 forbids it: it would keep model states of the user's documents in
plain files). Its constructor is the only place llama-cpp-python touches diskcache
(``diskcache.Cache(cache_dir)``); here that raises instead of writing anything to disk."""
__version__ = "0+coffer-shim"

__all__ = ["Cache"]


class Cache:
    """Refuses to exist: Coffer's bundle keeps no disk cache of model states."""

    def __init__(self, *args, **kwargs) -> None:
        raise RuntimeError("diskcache is not part of Coffer's bundle: no disk cache of model "
                           "states (llama_cpp.LlamaDiskCache) is ever written")
