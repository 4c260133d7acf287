"""`coffer self-test` (also `coffer --self-test`): the offline smoke test of every build."""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SAMPLE = "receipt-hardware.txt"
# What the bundled sample must yield; all three are printed on it (extraction grounds them).
EXPECTED = {"company": "SUNRISE HARDWARE TRADING SDN BHD", "date": "2018-03-05", "total": "33.90"}


class SelfTestFailed(Exception):
    """One step failed; the message is the one-line reason."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "self-test",
        help="check that the model, the document readers and the vault work on this computer",
    )
    p.set_defaults(func=cmd_self_test)


class _ThrowawayPrompter:
    """Answers the vault's questions for a temporary vault that is deleted right after."""

    def __init__(self) -> None:
        self.secret = secrets.token_urlsafe(24)

    def passphrase(self, *, new: bool) -> str | None:
        return self.secret

    def recovery_key(self) -> str | None:
        return None

    def show_recovery_key(self, code: str) -> None:
        pass  # the vault is deleted at the end of the test: nothing to write down


def _no_keychain() -> Any:
    """A keychain that is never usable, so the test vault never touches the real OS keychain
    and takes the passphrase path instead."""
    from desktop_app.system import secrets as ks

    return ks.Keychain(backend=object(), trusted=())  # type: ignore[arg-type]


def _temp_paths(root: Path) -> Any:
    from desktop_app.system.paths import app_paths

    return app_paths({"COFFER_HOME": str(root)}).ensure()


def _check_fields(extraction: Any, where: str) -> None:
    if extraction is None:
        raise SelfTestFailed(f"{where}: no extraction")
    for name, want in EXPECTED.items():
        field = extraction.get(name)
        got = (field.value or field.raw) if field is not None else None
        if got != want:
            raise SelfTestFailed(f"{where}: {name} is {got!r}, expected {want!r}")


def _render_sample(sample: Path, dest: Path) -> Path:
    """The sample as a picture, so the OCR models (the part of a bundle most easily left out)
    are exercised without shipping an image."""
    from PIL import Image, ImageDraw, ImageFont

    lines = sample.read_text("utf-8").splitlines()
    font = ImageFont.load_default(size=26)
    img = Image.new("RGB", (900, 40 * len(lines) + 60), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 40 * i), line, fill="black", font=font)
    img.save(dest)
    return dest


def run_self_test(out: Callable[[str], None] = print) -> dict[str, float]:
    """Model, reader, OCR, extraction and vault, end to end; returns each step's seconds."""
    from desktop_app.core.resources import resources_root
    from desktop_app.main import build_service
    from desktop_app.storage import unlock

    timings: dict[str, float] = {}
    sample = resources_root() / "resources" / "samples" / SAMPLE
    if not sample.is_file():
        raise SelfTestFailed(f"the bundled sample {SAMPLE} is missing")
    scratch = Path(tempfile.mkdtemp(prefix="coffer-selftest-"))
    # The throwaway vault needs only the floor of the key derivation, not a calibrated 0.5 s.
    kdf_before = os.environ.get("COFFER_KDF_SECONDS")
    os.environ["COFFER_KDF_SECONDS"] = "0"
    vault = None
    try:
        paths = _temp_paths(scratch / "home")
        prompter, keychain = _ThrowawayPrompter(), _no_keychain()

        t = time.perf_counter()
        vault = unlock.open_vault(paths, interactive=False, prompter=prompter, keychain=keychain)
        timings["vault create"] = time.perf_counter() - t

        service = build_service(store=vault)
        t = time.perf_counter()
        try:
            engine = service.engine()  # resolves, sha256-verifies and loads the GGUF
        except Exception as exc:  # noqa: BLE001 - any failure here is the one-line reason
            raise SelfTestFailed(f"model: {exc}") from exc
        if engine is None:
            raise SelfTestFailed("model: the service runs without a language model")
        timings["model load"] = time.perf_counter() - t
        out(f"  model loaded and verified in {timings['model load']:.1f} s")

        t = time.perf_counter()
        result = service.add_file(sample)
        timings["read + extract + save"] = time.perf_counter() - t
        if result.error:
            raise SelfTestFailed(f"extraction: {result.error}")
        _check_fields(result.extraction, "extraction")
        out(f"  {SAMPLE}: company, date and total correct "
            f"({timings['read + extract + save']:.1f} s, reader in its sandbox)")

        t = time.perf_counter()
        picture = _render_sample(sample, scratch / "receipt.png")
        try:
            text = service.read(picture).text
        except Exception as exc:  # noqa: BLE001 - any failure here is the one-line reason
            raise SelfTestFailed(f"OCR: {exc}") from exc
        for word in ("SUNRISE", "33.90"):
            if word not in text:
                raise SelfTestFailed(f"OCR: {word!r} not found in the text read from the picture")
        timings["OCR"] = time.perf_counter() - t
        out(f"  the same receipt as a picture read by OCR ({timings['OCR']:.1f} s)")

        t = time.perf_counter()
        vault.close()
        vault = None
        with paths.vault.open("rb") as fh:
            if fh.read(16).startswith(b"SQLite format 3"):
                raise SelfTestFailed("vault: the file on disk is not encrypted")
        vault = unlock.open_vault(paths, interactive=False, prompter=prompter, keychain=keychain)
        if result.doc_id is None:
            raise SelfTestFailed("vault: the document was not stored")
        _check_fields(vault.get_document(result.doc_id).extraction, "vault after reopening")
        vault.close()
        vault = None
        timings["vault reopen"] = time.perf_counter() - t
        out(f"  encrypted vault created, closed, reopened and read back "
            f"({timings['vault create'] + timings['vault reopen']:.1f} s)")
    finally:
        if vault is not None:
            vault.close()
        if kdf_before is None:
            os.environ.pop("COFFER_KDF_SECONDS", None)
        else:
            os.environ["COFFER_KDF_SECONDS"] = kdf_before
        shutil.rmtree(scratch, ignore_errors=True)
    return timings


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop_app import __version__

    started = time.perf_counter()
    print(f"Coffer {__version__} self-test")
    try:
        run_self_test()
    except SelfTestFailed as exc:
        print(f"coffer self-test: FAILED: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a smoke test reports, it does not crash
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(f"coffer self-test: FAILED: {reason}", file=sys.stderr)
        return 1
    print(f"coffer self-test: OK in {time.perf_counter() - started:.1f} s")
    return 0
