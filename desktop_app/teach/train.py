"""LoRA training of the extraction adapter on CPU (torch, transformers, peft).

The recipe measured in FINETUNE.md: LoRA r=16, alpha=32 on q,k,v,o,gate,up,down; loss only on
the answer tokens, the 262k-wide output head applied only at those positions; bf16 autocast;
batch 1. Lengths are bucketed (similar lengths run together, padded to a multiple of 64) so the
allocator is not fragmented by ever-changing shapes; 1 torch thread when the machine is busy.
Progress and cancellation follow ``core.jobs``; ``Pause`` lets a caller pause between steps.
"""
from __future__ import annotations

import ctypes
import math
import os
import random
import resource
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.jobs import CancelToken, Progress, ProgressCallback, no_progress

from .dataset import TokenExample

TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass
class TrainConfig:
    rank: int = 16
    alpha: int = 32
    lr: float = 2e-4
    epochs: int = 1
    warmup: int = 10
    max_len: int = 768
    seed: int = 0
    threads: int | None = None  # None: 1 when the machine is busy, else all cores
    bucket: int = 64
    bf16: bool = True
    max_seconds: float | None = None  # stop early (the adapter so far is kept)


@dataclass
class TrainStats:
    steps: int = 0
    examples: int = 0
    tokens: int = 0
    seconds: float = 0.0
    peak_rss_mib: float = 0.0
    losses: list[float] = field(default_factory=list)
    threads: int = 1
    stopped_early: bool = False


class Pause:
    """Set to pause training between steps; clear to go on."""

    def __init__(self) -> None:
        self._run = threading.Event()
        self._run.set()

    def pause(self) -> None:
        self._run.clear()

    def resume(self) -> None:
        self._run.set()

    @property
    def paused(self) -> bool:
        return not self._run.is_set()

    def wait(self, cancel: CancelToken | None) -> None:
        while not self._run.wait(0.2):
            if cancel is not None:
                cancel.raise_if_cancelled()


def machine_busy() -> bool:
    try:
        load = os.getloadavg()[0]
    except OSError:
        return True
    return load > 0.5 * (os.cpu_count() or 2)


def choose_threads(requested: int | None) -> int:
    if requested:
        return max(1, requested)
    return 1 if machine_busy() else max(1, min(2, os.cpu_count() or 1))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _trim_heap() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def order_by_buckets(examples: Sequence[TokenExample], bucket: int, seed: int,
                     chunk: int = 32) -> list[TokenExample]:
    """Shuffle, then sort each run of ``chunk`` examples by length: neighbouring steps have
    similar shapes (less allocator churn) while every part of the data comes early enough that
    a time-limited run still sees all kinds."""
    rng = random.Random(seed)
    order = list(examples)
    rng.shuffle(order)
    out: list[TokenExample] = []
    for i in range(0, len(order), chunk):
        out += sorted(order[i : i + chunk], key=lambda e: math.ceil(len(e.input_ids) / bucket))
    return out


def add_lora(model, cfg: TrainConfig):
    from peft import LoraConfig, get_peft_model

    lcfg = LoraConfig(r=cfg.rank, lora_alpha=cfg.alpha, lora_dropout=0.0, bias="none",
                      target_modules=list(TARGET_MODULES), task_type="CAUSAL_LM")
    return get_peft_model(model, lcfg)


def answer_loss(peft_model, input_ids: list[int], labels: list[int], pad_to: int):
    """Cross-entropy on the answer tokens only, the output head applied only where needed."""
    import torch
    import torch.nn.functional as F

    n = len(input_ids)
    padded = n if pad_to <= 1 else math.ceil(n / pad_to) * pad_to
    ids = torch.tensor([input_ids + [0] * (padded - n)], dtype=torch.long)
    # hidden state at t predicts token t+1; right padding never influences earlier positions
    pos = [t - 1 for t in range(1, n) if labels[t] != -100]
    target = torch.tensor([labels[t + 1] for t in pos], dtype=torch.long)
    base = peft_model.base_model.model  # Gemma3ForCausalLM with LoRA layers inside
    out = base.model(input_ids=ids, use_cache=False)
    hidden = out.last_hidden_state[0, pos]
    logits = base.lm_head(hidden)
    cap = getattr(base.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return F.cross_entropy(logits.float(), target)


def train_lora(
    base_model,
    examples: Sequence[TokenExample],
    cfg: TrainConfig,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    pause: Pause | None = None,
    log=None,
):
    """Train a LoRA on ``examples``; returns (peft model, stats). Cancelling raises
    ``Cancelled``; ``max_seconds`` ends early and keeps what was learnt."""
    import torch

    torch.manual_seed(cfg.seed)
    threads = choose_threads(cfg.threads)
    torch.set_num_threads(threads)
    # a model that already carries LoRA layers (a personal adapter going on from the shipped one)
    model = base_model if hasattr(base_model, "peft_config") else add_lora(base_model, cfg)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.0)
    usable = [e for e in examples if len(e.input_ids) <= cfg.max_len and e.n_target]
    order: list[TokenExample] = []
    for epoch in range(cfg.epochs):
        order += order_by_buckets(usable, cfg.bucket, cfg.seed + epoch)
    total = len(order)

    def lr_at(step: int) -> float:
        if step < cfg.warmup:
            return cfg.lr * (step + 1) / cfg.warmup
        frac = (step - cfg.warmup) / max(1, total - cfg.warmup)
        if cfg.max_seconds:  # a time-limited run decays on whichever comes first
            frac = max(frac, (time.perf_counter() - started) / cfg.max_seconds)
        frac = min(1.0, frac)
        return cfg.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))

    stats = TrainStats(threads=threads)
    started = time.perf_counter()
    progress(Progress("training", 0.0, f"{total} examples, {threads} thread(s)"))
    for step, ex in enumerate(order):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if pause is not None:
            pause.wait(cancel)
        if cfg.max_seconds and time.perf_counter() - started > cfg.max_seconds:
            stats.stopped_early = True
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
            loss = answer_loss(model, ex.input_ids, ex.labels, cfg.bucket)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        stats.steps += 1
        stats.examples += 1
        stats.tokens += len(ex.input_ids)
        stats.losses.append(float(loss.detach()))
        if step % 25 == 24:
            _trim_heap()
        if step % 10 == 9 or step == total - 1:
            recent = stats.losses[-10:]
            msg = (f"step {step + 1}/{total} loss {sum(recent) / len(recent):.3f} "
                   f"{time.perf_counter() - started:.0f}s rss {peak_rss_mib():.0f}MiB")
            progress(Progress("training", (step + 1) / total, msg))
            if log:
                log(msg)
    stats.seconds = time.perf_counter() - started
    stats.peak_rss_mib = peak_rss_mib()
    model.eval()
    return model, stats


def lora_state(peft_model) -> dict[str, object]:
    """name → tensor of the LoRA A/B weights, named as in PEFT
    (``…layers.N.self_attn.q_proj.lora_A.weight``)."""
    return {k: v.detach().float().cpu() for k, v in peft_model.state_dict().items() if "lora_" in k}


def save_peft(peft_model, out_dir: Path) -> None:
    peft_model.save_pretrained(str(out_dir))
