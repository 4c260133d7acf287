"""llama.cpp text engine (the only importer of llama_cpp): greedy decoding, prefix reuse, verbatim copying."""
from __future__ import annotations

import atexit
import ctypes
import logging
import math
import os
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import llama_cpp
import numpy as np

from desktop_app.core.entities import Completion
from desktop_app.core.errors import ModelInvalid
from desktop_app.core.jobs import CancelToken

log = logging.getLogger("coffer.engine")

TOP_K = 48  # candidates considered when a value must be copied from the document


@llama_cpp.llama_log_callback
def _route_native_log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
    """llama.cpp's own messages (model metadata, cache sizes) go to our log at debug level,
    never to the person's terminal. They never contain prompt or document text."""
    if level in (2, 3):  # warnings and errors
        log.debug("llama.cpp: %s", text.decode("utf-8", "replace").rstrip())


llama_cpp.llama_log_set(_route_native_log, ctypes.c_void_p(0))


class CpuBudget:
    """How many threads llama.cpp may use right now.

    llama.cpp's worker threads spin while they wait for each other: with another busy process
    on the machine a 2-thread call can be 100x slower (FACTS.md). So before each call we look at
    how much CPU *other* processes used since the last call and leave those cores alone.
    """

    def __init__(self, max_threads: int | None = None) -> None:
        cores = os.cpu_count() or 2
        self.cores = cores
        self.max_threads = max(1, min(max_threads or cores, cores))
        self._last: tuple[float, float, float] | None = None

    @staticmethod
    def _system_busy_seconds() -> float | None:
        try:
            with open("/proc/stat", encoding="ascii") as fh:
                parts = fh.readline().split()[1:]
        except OSError:
            return None
        values = [int(v) for v in parts]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        hz = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        return (sum(values[:8]) - idle) / hz

    def threads(self) -> int:
        busy = self._system_busy_seconds()
        now = time.monotonic()
        own = sum(os.times()[:2])
        if busy is None:
            try:
                load = os.getloadavg()[0]
            except OSError:
                return self.max_threads
            free = self.cores - load
            return max(1, min(self.max_threads, int(free + 0.5)))
        last, self._last = self._last, (now, busy, own)
        if last is None or now - last[0] < 0.05:
            return self.max_threads
        elapsed = now - last[0]
        others = max(0.0, (busy - last[1]) - (own - last[2])) / elapsed
        free = self.cores - others
        return max(1, min(self.max_threads, int(free + 0.25)))


class LlamaCppEngine:
    """A loaded GGUF model. Not re-entrant: one caller at a time (a lock enforces it)."""

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        max_threads: int | None = None,
        lora_path: Path | None = None,
        seed: int = 0,
        adaptive_threads: bool = True,
    ) -> None:
        self.name = model_path.name
        self._lock = threading.Lock()
        self._budget = CpuBudget(max_threads)
        started = time.perf_counter()
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(model_path),
                n_ctx=n_ctx,
                n_batch=512,
                n_threads=self._budget.max_threads,
                n_threads_batch=self._budget.max_threads,
                logits_all=False,
                seed=seed,
                verbose=False,
                lora_path=str(lora_path) if lora_path else None,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelInvalid(f"llama.cpp could not load {model_path.name}: {exc}.") from exc
        self.load_seconds = time.perf_counter() - started
        self._n_vocab = self._llm.n_vocab()
        self._eos = self._llm.token_eos()
        self._piece_cache: dict[int, str] = {}
        self.n_ctx = n_ctx
        self._threads = self._budget.max_threads
        self._adaptive = adaptive_threads
        self._closed = False
        # Free the context before interpreter teardown: llama-cpp-python's finaliser fails once
        # its module globals are gone, which printed a traceback at exit.
        atexit.register(self.close)

    # -- tokens ------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return len(self._tokenize(text))

    def _tokenize(self, text: str, add_bos: bool = False) -> list[int]:
        return self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=False)

    def _piece(self, token: int) -> str:
        piece = self._piece_cache.get(token)
        if piece is None:
            piece = self._llm.detokenize([token]).decode("utf-8", errors="replace")
            self._piece_cache[token] = piece
        return piece

    def _logits(self) -> np.ndarray:
        ptr = self._llm._ctx.get_logits()
        return np.ctypeslib.as_array(ptr, shape=(self._n_vocab,))

    def _set_threads(self) -> None:
        if not self._adaptive:
            return
        n = self._budget.threads()
        if n != self._threads:
            llama_cpp.llama_set_n_threads(self._llm._ctx.ctx, n, n)
            self._threads = n

    def _feed(self, tokens: list[int]) -> None:
        """Evaluate ``tokens`` after the current state, reusing the KV cache of a shared prefix."""
        self._llm.eval(tokens)

    def _prepare(self, prompt_tokens: list[int]) -> int:
        """Roll the context back to the longest prefix it shares with the prompt; returns how
        many prompt tokens were reused. Only the fixed part of a prompt (instructions and
        examples) is ever shared: the document part always differs, so nothing of one document
        survives into another's context."""
        llm = self._llm
        reuse = 0
        limit = min(llm.n_tokens, len(prompt_tokens) - 1)
        ids = llm.input_ids
        while reuse < limit and ids[reuse] == prompt_tokens[reuse]:
            reuse += 1
        if reuse > 0 and llm._ctx.kv_cache_seq_rm(-1, reuse, -1):
            llm.n_tokens = reuse
        else:
            llm.reset()
            llm._ctx.kv_cache_seq_rm(-1, 0, -1)
            reuse = 0
        return reuse

    # -- generation --------------------------------------------------------
    def complete(
        self,
        prompt: str,
        *,
        max_tokens: int = 96,
        stop: Sequence[str] = (),
        cancel: CancelToken | None = None,
        copy_from: str | None = None,
    ) -> Completion:
        """Greedy continuation of ``prompt``, stopping at any of ``stop``."""
        with self._lock:
            return self._complete(prompt, max_tokens, stop, cancel, copy_from)

    def fill(
        self,
        prompt: str,
        keys: Sequence[str],
        *,
        max_value_tokens: int = 40,
        cancel: CancelToken | None = None,
        copy_from: str | None = None,
        line_prefix: str = "\n",
    ) -> dict[str, tuple[str, float]]:
        """Write ``key:`` lines one by one after ``prompt`` and let the model complete each value
        up to the end of the line. Returns key → (value, mean token probability). With
        ``copy_from``, values are copied verbatim from that text."""
        with self._lock:
            self._set_threads()
            tokens = self._tokenize(prompt, add_bos=True)
            if len(tokens) + len(keys) * (max_value_tokens + 8) > self.n_ctx:
                raise ValueError("prompt too long for the context")
            reused = self._prepare(tokens)
            self._feed(tokens[reused:])
            out: dict[str, tuple[str, float]] = {}
            haystack = _flatten(copy_from) if copy_from is not None else None
            for i, key in enumerate(keys):
                head = (line_prefix if i else "") + f"{key}:"
                self._feed(self._tokenize(head))
                value, prob = self._generate_value(max_value_tokens, cancel, haystack)
                out[key] = (value, prob)
            self.last_stats = {"prompt_tokens": len(tokens), "cached_tokens": reused}
            return out

    def _generate_value(
        self, max_tokens: int, cancel: CancelToken | None, haystack: str | None
    ) -> tuple[str, float]:
        """Generate until a newline. Returns the value and its mean token probability."""
        value = ""
        logps: list[float] = []
        for _ in range(max_tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            logits = self._logits()
            token, logp, finished_piece = self._choose(logits, value, haystack)
            if token is None:
                break
            logps.append(logp)
            if finished_piece is not None:  # the token ends the line; the next key adds its own
                value += finished_piece
                break
            value += self._piece(token)
            self._feed([token])
        value = value.strip()
        prob = math.exp(sum(logps) / len(logps)) if logps else 0.0
        return value, prob

    def _choose(
        self, logits: np.ndarray, value: str, haystack: str | None
    ) -> tuple[int | None, float, str | None]:
        """The best next token; with a haystack, the best one that keeps the value a substring
        of the document. Returns (token, logprob, text-before-newline if the token ends the line)."""
        top = int(np.argmax(logits))
        lse = _logsumexp(logits)
        candidates = [top]
        if haystack is not None:
            part = np.argpartition(logits, -TOP_K)[-TOP_K:]
            candidates = [int(t) for t in part[np.argsort(-logits[part])]]
        for token in candidates:
            if token == self._eos:
                return None, float(logits[token] - lse), None
            piece = self._piece(token)
            head, newline, _ = piece.partition("\n")
            extended = (value + head).lstrip()
            if haystack is not None and extended and _flat_piece(extended) not in haystack:
                continue
            if haystack is not None and not newline and not extended and not head.isspace() and head:
                continue
            if haystack is not None and newline and not extended:
                continue  # a copied value is never empty: the model must pick something
            logp = float(logits[token] - lse)
            if newline:
                return token, logp, head
            return token, logp, None
        # Nothing in the top candidates continues a copy of the document: end the value here.
        return None, 0.0, None

    def _complete(
        self,
        prompt: str,
        max_tokens: int,
        stop: Sequence[str],
        cancel: CancelToken | None,
        copy_from: str | None,
    ) -> Completion:
        started = time.perf_counter()
        self._set_threads()
        tokens = self._tokenize(prompt, add_bos=True)
        budget = self.n_ctx - len(tokens)
        if budget < 8:
            raise ValueError("prompt too long for the context")
        max_tokens = min(max_tokens, budget - 1)
        reused = self._prepare(tokens)
        self._feed(tokens[reused:])
        text = ""
        logps: list[float] = []
        generated = 0
        for _ in range(max_tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            logits = self._logits()
            token = int(np.argmax(logits))
            if token == self._eos:
                break
            logps.append(float(logits[token] - _logsumexp(logits)))
            text += self._piece(token)
            generated += 1
            hit = _first_stop(text, stop)
            if hit is not None:
                text = text[:hit]
                break
            self._feed([token])
        mean = sum(logps) / len(logps) if logps else None
        return Completion(
            text=text, prompt_tokens=len(tokens), completion_tokens=generated,
            cached_tokens=reused, mean_logprob=mean, token_logprobs=tuple(logps),
            seconds=time.perf_counter() - started,
        )

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._llm.close()


def _logsumexp(logits: np.ndarray) -> float:
    m = float(logits.max())
    return m + math.log(float(np.exp(logits - m).sum()))


def _first_stop(text: str, stops: Sequence[str]) -> int | None:
    hits = [text.find(s) for s in stops if s and s in text]
    return min(hits) if hits else None


_WS = re.compile(r"\s+")


def _flatten(text: str) -> str:
    """The document as one line with single spaces: values may span the document's lines."""
    return _WS.sub(" ", text)


def _flat_piece(text: str) -> str:
    return _WS.sub(" ", text)
