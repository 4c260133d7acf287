"""Extraction schemas per document kind, loaded from JSON data files (resources/schemas/)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

FIELD_TYPES = {"text", "date", "money", "number", "code", "currency", "iban", "phone", "percent"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    label: str
    description: str
    labels: tuple[str, ...] = ()  # words that introduce the value in documents ("Invoice no")
    avoid: tuple[str, ...] = ()  # words on a line that mean it is another value


@dataclass(frozen=True)
class ListSpec:
    name: str
    label: str
    columns: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class Example:
    text: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    lists: tuple[ListSpec, ...] = ()
    model_fields: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    strong_keywords: tuple[str, ...] = ()
    weak_keywords: tuple[str, ...] = ()
    model_head_lines: int = 0  # the model reads only the first N lines (0: the whole window)

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass
class SchemaSet:
    schemas: dict[str, Schema] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Schema:
        return self.schemas[kind]

    def __contains__(self, kind: object) -> bool:
        return kind in self.schemas

    def kinds(self) -> list[str]:
        return list(self.schemas)


OTHER = Schema(
    kind="other", title="Other document", description="Not one of the kinds Coffer knows.",
    fields=(
        FieldSpec("date", "date", "Date", "the document's date"),
        FieldSpec("total", "money", "Amount", "the main amount, if any"),
    ),
    # Papers that print amounts, dates and account numbers like a bill or a statement but ask for
    # nothing and account for no account: an insurer's claim settlement, a tax assessment, a lease.
    strong_keywords=(
        "explanation of benefits", "this is not a bill", "not a bill", "claim summary", "claim settlement",
        "leistungsabrechnung", "décompte de remboursement", "relevé de prestations", "declaratieoverzicht",
        "eigen risico", "zorgverzekeraar", "liquidación de reembolso",
        "steuerbescheid", "einkommensteuerbescheid", "bescheid für", "rechtsbehelfsbelehrung",
        "avis d'imposition", "notice of assessment", "aanslag inkomstenbelasting", "voorlopige aanslag",
        "liquidación provisional", "mietvertrag", "contrat de location", "bail d'habitation",
        "tenancy agreement", "lease agreement", "rental agreement", "huurovereenkomst",
        "contrato de arrendamiento", "contrato de alquiler", "policy schedule", "versicherungsschein",
        "relevé d'identité bancaire", "identité bancaire", "clé rib",
    ),
    weak_keywords=("bescheid", "einspruch", "bailleur", "locataire", "landlord", "tenant", "vermieter",
                   "mieter", "verhuurder", "huurder", "arrendador", "arrendatario", "deductible", "claim",
                   "vergoed", "erstattung", "remboursement", "reembolso"),
)


def _parse(data: dict) -> Schema:
    def spec(d: dict) -> FieldSpec:
        if d["type"] not in FIELD_TYPES:
            raise ValueError(f"unknown field type {d['type']!r} in schema {data['kind']}")
        return FieldSpec(d["name"], d["type"], d.get("label", d["name"]), d.get("description", ""),
                         tuple(x.lower() for x in d.get("labels", [])),
                         tuple(x.lower() for x in d.get("avoid", [])))

    fields = tuple(spec(d) for d in data["fields"])
    names = {f.name for f in fields}
    model_fields = tuple(data.get("model_fields", []))
    unknown = set(model_fields) - names
    if unknown:
        raise ValueError(f"model_fields {sorted(unknown)} not in schema {data['kind']}")
    return Schema(
        kind=data["kind"],
        title=data.get("title", data["kind"]),
        description=data.get("description", ""),
        fields=fields,
        lists=tuple(
            ListSpec(ls["name"], ls.get("label", ls["name"]), tuple(spec(c) for c in ls["columns"]))
            for ls in data.get("lists", [])
        ),
        model_fields=model_fields,
        examples=tuple(Example(ex["text"], dict(ex["fields"])) for ex in data.get("examples", [])),
        strong_keywords=tuple(k.lower() for k in data.get("keywords", {}).get("strong", [])),
        weak_keywords=tuple(k.lower() for k in data.get("keywords", {}).get("weak", [])),
        model_head_lines=int(data.get("model_head_lines", 0)),
    )


def load_schemas(directory: Path) -> SchemaSet:
    """Every ``*.json`` schema in ``directory``, plus the built-in 'other'."""
    schemas: dict[str, Schema] = {}
    for path in sorted(directory.glob("*.json")):
        schema = _parse(json.loads(path.read_text(encoding="utf-8")))
        schemas[schema.kind] = schema
    schemas["other"] = OTHER
    return SchemaSet(schemas)
