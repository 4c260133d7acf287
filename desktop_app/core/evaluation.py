"""Accuracy of extraction on a labelled set: exact and normalised match, grounding, calibration."""
from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .entities import Extraction
from .grounding import letters_digits
from .normalize import normalise_value

# The SROIE labels name the receipt's vendor "company"; other sets may use other names.
FIELD_ALIASES = {"company": ("company", "vendor")}


@dataclass
class LabelledDoc:
    id: str
    text_path: Path | None
    image_path: Path | None
    kind: str
    fields: dict[str, str | None]  # None: nothing of the kind is printed, the field must stay empty


def load_labels(directory: Path) -> list[LabelledDoc]:
    out = []
    with (directory / "labels.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            out.append(LabelledDoc(
                id=d["id"],
                text_path=directory / d["text"] if d.get("text") else None,
                image_path=directory / d["image"] if d.get("image") else None,
                kind=d.get("doc_type", ""),
                fields={k: str(v) for k, v in d.get("fields", {}).items() if isinstance(v, (str, int, float))},
            ))
    return out


def norm_text(s: str) -> str:
    return " ".join(s.split()).lower()


NORMALISED_TYPES = ("date", "money", "iban", "currency")
# Fields whose labels join the printed lines with the labeller's own punctuation: compared on
# letters and digits in the "by rule" mean (the rule for SROIE's address).
LETTERS_DIGITS_FIELDS = ("address",)
FIELD_TYPES = {"date": "date", "total": "money", "due_date": "date", "tax": "money",
               "net_pay": "money", "gross_pay": "money", "iban": "iban"}


@dataclass
class FieldScore:
    n: int = 0
    exact: int = 0
    normalised: int = 0
    letters_digits: int = 0
    predicted: int = 0
    grounded: int = 0
    uncertain: int = 0
    uncertain_wrong: int = 0
    wrong_printed: int = 0  # wrong values whose label is printed in the text
    uncertain_wrong_printed: int = 0
    wrong: int = 0

    def as_dict(self) -> dict[str, float]:
        n = max(1, self.n)
        return {
            "n": self.n,
            "exact": round(self.exact / n, 4),
            "normalised": round(self.normalised / n, 4),
            "letters_digits": round(self.letters_digits / n, 4),
            "grounded": round(self.grounded / max(1, self.predicted), 4),
            "flagged_uncertain": round(self.uncertain / max(1, self.predicted), 4),
            "wrong_caught": round(self.uncertain_wrong / max(1, self.wrong), 4),
        }


@dataclass
class EvalReport:
    fields: dict[str, FieldScore] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    kinds_right: int = 0
    docs: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, labelled: LabelledDoc, ex: Extraction | None, seconds: float, text: str = "") -> list[dict]:
        self.docs += 1
        self.latencies.append(seconds)
        misses = []
        if ex is not None and labelled.kind and ex.kind == labelled.kind:
            self.kinds_right += 1
        # letters and digits of the text, for "is the label printed in it" (once per document)
        text_ld = letters_digits(text) if text else None
        for name, truth in labelled.fields.items():
            score = self.fields.setdefault(name, FieldScore())
            score.n += 1
            f = None
            if ex is not None:
                for alias in FIELD_ALIASES.get(name, (name,)):
                    f = ex.get(alias)
                    if f is not None and f.raw:
                        break
            pred = f.raw if f is not None and f.raw else ""
            if truth is None:  # a field that must stay empty: right when nothing is read
                exact = normalised = ld = not pred
            else:
                exact = norm_text(pred) == norm_text(truth)
                kind = FIELD_TYPES.get(name)
                if kind is None and f is not None and f.type in NORMALISED_TYPES:
                    kind = f.type  # the schema's type: "£" and "GBP" are the same currency
                if kind:
                    a, b = normalise_value(kind, pred) if pred else None, normalise_value(kind, truth)
                    normalised = a is not None and a == b
                else:
                    normalised = exact
                ld = bool(pred) and letters_digits(pred) == letters_digits(truth)
            score.exact += exact
            score.normalised += normalised or exact
            score.letters_digits += ld or exact
            if f is not None and f.raw:
                score.predicted += 1
                score.grounded += f.grounded
                right = exact or normalised or ld
                # a label that is not in the text (a typo of the labeller, a line the OCR lost)
                # cannot be matched; calibration is also counted without those
                printed = truth is not None and text_ld is not None and letters_digits(truth) in text_ld
                if not right:
                    score.wrong += 1
                    score.wrong_printed += printed
                if f.uncertain:
                    score.uncertain += 1
                    if not right:
                        score.uncertain_wrong += 1
                        score.uncertain_wrong_printed += printed
            if not (exact or normalised):
                misses.append({"id": labelled.id, "field": name, "truth": truth, "pred": pred})
        return misses

    def summary(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            if not lat:
                return 0.0
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3)

        fields = {k: v.as_dict() for k, v in self.fields.items()}
        return {
            "documents": self.docs,
            "fields": fields,
            "mean_exact": round(statistics.fmean(v["exact"] for v in fields.values()), 4) if fields else 0.0,
            "mean_normalised": round(statistics.fmean(v["normalised"] for v in fields.values()), 4) if fields else 0.0,
            # each field by its own rule: dates and amounts as values (normalised equals exact
            # for plain text), addresses on letters and digits
            "mean_by_rule": round(statistics.fmean(
                v["letters_digits"] if k in LETTERS_DIGITS_FIELDS else v["normalised"]
                for k, v in fields.items()), 4) if fields else 0.0,
            "kind_accuracy": round(self.kinds_right / max(1, self.docs), 4),
            # all fields together: how many values are flagged, and how many wrong ones the flags catch
            "flagged_uncertain": round(sum(v.uncertain for v in self.fields.values())
                                       / max(1, sum(v.predicted for v in self.fields.values())), 4),
            "wrong_caught": round(sum(v.uncertain_wrong for v in self.fields.values())
                                  / max(1, sum(v.wrong for v in self.fields.values())), 4),
            "wrong": sum(v.wrong for v in self.fields.values()),
            "wrong_caught_label_printed": round(
                sum(v.uncertain_wrong_printed for v in self.fields.values())
                / max(1, sum(v.wrong_printed for v in self.fields.values())), 4),
            "wrong_label_printed": sum(v.wrong_printed for v in self.fields.values()),
            "latency_p50": pct(0.5),
            "latency_p90": pct(0.9),
            "errors": self.errors[:20],
        }


def format_table(summary: dict) -> str:
    rows = [f"{'field':<16}{'n':>5}{'exact':>8}{'norm':>8}{'let+dig':>9}{'grounded':>10}{'uncertain':>11}{'caught':>8}"]
    for name, s in summary["fields"].items():
        rows.append(f"{name:<16}{s['n']:>5}{s['exact']:>8.3f}{s['normalised']:>8.3f}{s['letters_digits']:>9.3f}"
                    f"{s['grounded']:>10.3f}{s['flagged_uncertain']:>11.3f}{s['wrong_caught']:>8.3f}")
    by_rule = (f" · by rule {summary['mean_by_rule']:.3f}"
               if set(summary["fields"]) & set(LETTERS_DIGITS_FIELDS) else "")
    rows.append(f"mean exact {summary['mean_exact']:.3f} · mean normalised {summary['mean_normalised']:.3f}{by_rule}"
                f" · kind accuracy {summary['kind_accuracy']:.3f} · latency p50 {summary['latency_p50']:.2f} s"
                f" p90 {summary['latency_p90']:.2f} s · {summary['documents']} documents")
    if "wrong_caught" in summary:
        rows.append(f"uncertain flags: {summary['flagged_uncertain']:.1%} of values, catching"
                    f" {summary['wrong_caught']:.1%} of the {summary['wrong']} wrong ones"
                    + (f" ({summary['wrong_caught_label_printed']:.1%} of the {summary['wrong_label_printed']}"
                       " whose label is printed in the text)" if summary.get("wrong_label_printed") else ""))
    return "\n".join(rows)


def issuer_key(text: str) -> str:
    """A rough issuer identity for --teach grouping: the first line with letters."""
    for line in text.splitlines():
        if sum(ch.isalpha() for ch in line) >= 3:
            return re.sub(r"\W+", " ", line).strip().upper()
    return ""


def iter_limit(items: list[LabelledDoc], limit: int | None) -> Iterable[LabelledDoc]:
    return items if not limit else items[:limit]


# --- list rows (line items, transactions, lab results, medications) ---------------------------
LIST_KEYS = {"line_items": "description", "transactions": "description", "results": "test",
             "medications": "name"}
_MONEY_COLUMNS = {"amount", "unit_price", "balance"}
_FLAGS = {"h": "H", "high": "H", "l": "L", "low": "L", "normal": "normal", "n": "normal", "": "normal"}


def _cell_equal(column: str, truth: str, pred: str) -> bool:
    """Whether a predicted cell matches the labelled one: amounts as numbers (sign ignored, the
    label is what the column prints), dates as dates, text whitespace- and case-normalised."""
    if column == "flag":
        return _FLAGS.get(truth.strip().lower(), truth) == _FLAGS.get(pred.strip().lower(), pred)
    if norm_text(pred) == norm_text(truth):
        return True
    if column in _MONEY_COLUMNS:
        a, b = normalise_value("money", pred), normalise_value("money", truth)
        return a is not None and b is not None and a.lstrip("-") == b.lstrip("-")
    if column in ("value", "quantity"):
        a, b = normalise_value("number", pred), normalise_value("number", truth)
        return a is not None and b is not None and float(a) == float(b)
    if column == "date":
        a, b = normalise_value("date", pred), normalise_value("date", truth)
        return a is not None and a == b
    return False


@dataclass
class ListScore:
    truth_rows: int = 0
    predicted_rows: int = 0
    matched_rows: int = 0
    exact_rows: int = 0
    columns: dict[str, list[int]] = field(default_factory=dict)  # column -> [right, labelled]

    def as_dict(self) -> dict:
        p = self.matched_rows / max(1, self.predicted_rows)
        r = self.matched_rows / max(1, self.truth_rows)
        return {
            "truth_rows": self.truth_rows, "predicted_rows": self.predicted_rows,
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "row_exact": round(self.exact_rows / max(1, self.truth_rows), 4),
            "columns": {c: round(v[0] / max(1, v[1]), 4) for c, v in self.columns.items()},
        }


def score_list(score: ListScore, name: str, truth: list[dict[str, str]], pred: list[dict[str, str]]) -> None:
    """Match predicted rows to labelled rows by the list's key column (in order, each row used once)
    and count rows found, rows wholly right and right cells per column. ``pred`` holds the rows as
    plain strings (a Field's raw text, or its value for a computed flag)."""
    key = LIST_KEYS.get(name, "description")
    score.truth_rows += len(truth)
    score.predicted_rows += len(pred)
    used: set[int] = set()
    for row in truth:
        best, best_hits = None, -1
        for j, cand in enumerate(pred):
            if j in used or not _cell_equal(key, row.get(key, ""), cand.get(key, "")):
                continue
            hits = sum(_cell_equal(c, v, cand.get(c, "")) for c, v in row.items())
            if hits > best_hits:
                best, best_hits = j, hits
        for c in row:
            score.columns.setdefault(c, [0, 0])[1] += 1
        if best is None:
            continue
        used.add(best)
        score.matched_rows += 1
        right = [c for c, v in row.items() if _cell_equal(c, v, pred[best].get(c, ""))]
        for c in right:
            score.columns[c][0] += 1
        score.exact_rows += len(right) == len(row)
