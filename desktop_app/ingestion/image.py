"""Decoding photos and scans (Pillow) safely: pixel limits, frames, EXIF orientation, rotation."""
from __future__ import annotations

import re
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from desktop_app.core.errors import DamagedDocument, DocumentTooLarge, UnsupportedDocument

from .limits import Limits, check_pages, check_pixels

# A truncated file must be an error, not a half-grey image read as if it were whole.
ImageFile.LOAD_TRUNCATED_IMAGES = False

try:  # HEIC/HEIF phone photos. pi-heif is the decode-only build of pillow-heif: it carries
    # libheif and libde265 (LGPL) but not the GPL x265 encoder, which Coffer does not need.
    from pi_heif import register_heif_opener  # type: ignore[import-not-found]

    register_heif_opener()
    HEIC_AVAILABLE = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIC_AVAILABLE = False

PILImage = Image.Image
IMAGE_HINT = "Scan or export it again at a lower resolution (300 dpi is plenty)."


@contextmanager
def _guarded(limits: Limits) -> Iterator[None]:
    """Pillow's own bomb check, at our limit, as an error (it only warns between 1× and 2×)."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def load_frames(path: Path, limits: Limits, kind: str) -> list[PILImage]:
    """Every frame (TIFF pages) as an upright RGB image, refusing anything over the limits."""
    if kind == "heic" and not HEIC_AVAILABLE:
        raise UnsupportedDocument("HEIC photos need the optional 'pillow-heif' component.",
                                  "Export the photo as JPEG and add that.")
    frames: list[PILImage] = []
    try:
        with _guarded(limits), Image.open(path) as img:
            count = getattr(img, "n_frames", 1)
            if kind in ("gif", "webp"):
                count = 1  # animations: the first frame is the picture
            check_pages(count, limits)
            for index, frame in enumerate(ImageSequence.Iterator(img)):
                if index >= count:
                    break
                check_pixels(frame.size[0], frame.size[1], limits)
                frame.load()
                frames.append(to_rgb(ImageOps.exif_transpose(frame) or frame))
    except (DocumentTooLarge, DamagedDocument, UnsupportedDocument):
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f" ({int(found.group(1)) / 1e6:.1f} megapixels)" if found else ""
        raise DocumentTooLarge(
            f"The image is too large{size}; Coffer reads images up to "
            f"{limits.max_image_pixels / 1e6:g} megapixels.", IMAGE_HINT) from exc
    except UnidentifiedImageError as exc:
        raise DamagedDocument("The image could not be decoded; it is damaged or not an image.") from exc
    # TypeError: Pillow's TIFF reader on a header without dimensions ("Missing dimensions")
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error) as exc:
        # Pillow reports truncated and malformed files as OSError/SyntaxError/ValueError.
        raise DamagedDocument(f"The image is damaged or incomplete ({_reason(exc)}).") from exc
    if not frames:
        raise DamagedDocument("The image has no pictures in it.")
    return frames


def _reason(exc: Exception) -> str:
    text = str(exc).split("\n")[0][:80]
    return text or type(exc).__name__


def to_rgb(img: PILImage) -> PILImage:
    """RGB on white: transparent areas become paper, not black ink."""
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit scans: scale to 8 bits instead of clipping everything to white.
        img = img.point(lambda v: v / 256).convert("L")
    return img.convert("RGB")


def downscale(img: PILImage, max_side: int) -> PILImage:
    width, height = img.size
    if max(width, height) <= max_side:
        return img
    factor = max_side / max(width, height)
    return img.resize((max(1, round(width * factor)), max(1, round(height * factor))),
                      Image.Resampling.BILINEAR)


def rotate(img: PILImage, degrees: int) -> PILImage:
    """Rotate counter-clockwise by a multiple of 90 degrees, without resampling."""
    ops = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
           270: Image.Transpose.ROTATE_270}
    return img.transpose(ops[degrees % 360]) if degrees % 360 else img


def widen(pixels: Any, factor: float) -> Any:
    """An image array (height × width × channels) stretched ``factor`` times in width."""
    import numpy as np

    height, width = pixels.shape[:2]
    img = Image.fromarray(np.ascontiguousarray(pixels))
    return np.asarray(img.resize((max(1, round(width * factor)), height), Image.Resampling.BICUBIC))
