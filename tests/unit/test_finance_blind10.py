"""Finance documents written blind, tenth round (tests/fixtures/finance_blind10, labels.jsonl): four
receipts (Greek, Korean, Philippine, Taiwanese), five invoices (Saudi bilingual, Brazilian DANFE,
Ukrainian, Israeli, a Slovak electricity bill), three statements (South African, Hong Kong,
Portuguese credit card) and two payslips (Brazilian holerite, Irish); kind, fields, list rows and
consistency checks, rules only. What Coffer still misses is listed (KNOWN_KINDS, KNOWN_MISSES,
KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind10")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("gr_apodeixi_lianikis", "address"),  # ''
    ("kr_card_yeongsujeung", "company"),  # '[매 장 명] 한빛마트 역삼점'
    ("kr_card_yeongsujeung", "address"),  # '[사 업 자] 214-87-39025 [대 표 자] 김정훈 [주    소] 서울특별시 강남구 테헤란로 152'
    ("kr_card_yeongsujeung", "tax"),  # ''
    ("ph_restaurant_sales_invoice", "address"),  # 'Blvd. cor. Aseana Ave., Parañaque City'
    ("tw_e_invoice_cafe", "company"),  # '交易明細 Transaction Details 好豆咖啡股份有限公司'
    ("tw_e_invoice_cafe", "address"),  # ''
    ("tw_e_invoice_cafe", "total"),  # ''
    ("tw_e_invoice_cafe", "tax"),  # ''
    ("sa_tax_invoice_bilingual", "customer"),  # ''
    ("br_danfe_nfe", "vendor"),  # 'RECEBEMOS DE DISTRIBUIDORA SERRA GAÚCHA LTDA OS PRODUTOS E/O'
    ("br_danfe_nfe", "invoice_number"),  # ''
    ("sk_vyuctovanie_elektriny", "customer"),  # ''
    ("sk_vyuctovanie_elektriny", "tax"),  # ''
    ("za_cheque_account_statement", "bank"),  # 'Southern Cross Bank Limited'
    ("za_cheque_account_statement", "account_holder"),  # ''
    ("pt_extrato_cartao_credito", "account_holder"),  # ''
}
# (rows matched, rows read)
KNOWN_ROWS = {
    "kr_card_yeongsujeung": (4, 7),
    "tw_e_invoice_cafe": (0, 0),
    "br_danfe_nfe": (0, 5),
    "ua_rakhunok_na_oplatu": (3, 4),
    "sk_vyuctovanie_elektriny": (0, 6),
    "za_cheque_account_statement": (10, 11),
}
KNOWN_CHECKS = {"br_danfe_nfe": 1, "sk_vyuctovanie_elektriny": 1}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind10_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))
