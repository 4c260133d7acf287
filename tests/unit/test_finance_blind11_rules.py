"""The general rules behind the eleventh blind finance round's fixes (tests/fixtures/finance_blind11),
each tested on snippets written for the test: everyday English-language documents of the US, UK,
Canada, Australia and New Zealand (a hotel folio, an online order, a utility bill's VAT line, a
payslip's year-to-date box on the left, Australian PAYG)."""
from __future__ import annotations

from desktop_app.core.entities import ParsedDocument
from tests.unit.blind_sets import analysed_fields, snippet_kind

HOTEL_FOLIO = """\
                     HARBOUR POINT INN
            12 Water Street, Vancouver BC V6B 1A1
                        GUEST FOLIO
Mr. Tom Becker                         Arrival       03/02/25
                                       Departure     03/04/25
                                       Folio No.     77120
                                       Cashier       AKIM
Date        Description                          Charges     Credits
03/02/25    Room Charge                           189.00
03/02/25    GST 5%                                  9.45
03/03/25    Room Charge                           189.00
03/03/25    GST 5%                                  9.45
03/04/25    MASTERCARD XXXX1122                                396.90
                                      Total        396.90      396.90
                                      Balance        0.00
Thank you for staying with us.
"""

ONLINE_ORDER = """\
Final Details for Order #702-1180044-2290311
Order Placed: March 3, 2025
Order Total: $54.17
Items Ordered                                                    Price
1 of: Stainless Steel Water Bottle 750 ml                       $24.99
      Sold by: Peak Outfitters
      Condition: New
1 of: Wool Hiking Socks, 3 Pairs                                $24.50
      Sold by: Peak Outfitters
Item(s) Subtotal: $49.49
Total before tax: $49.49
Sales tax: $4.68
Grand Total: $54.17
Visa ending in 1204
"""

ENERGY_BILL = """\
Northfield Power                                        Your energy bill
Bill number  NP-1102     Bill date  3 March 2025
  Energy used           300 kWh x 25.00p                  £75.00
  Standing charge       28 days x 50.00p                  £14.00
Total charges before VAT                                  £89.00
VAT at 5% on £89.00                                        £4.45
Total charges for this period                             £93.45
Amount due                                                £93.45
"""

UK_PAYSLIP = """\
 ACME WIDGETS LTD                                           PAYSLIP
 Employee No.  Employee Name     Process Date   Tax Code   NI Letter
 0042          Sam Patel         28/02/2025     1257L      A
 Payments               Amount   Deductions                 Amount
 Basic Salary         2,500.00   PAYE Tax                   290.40
                                 National Insurance         116.16
 Year To Date                                    This Period
 Taxable Gross Pay        27,500.00              Total Gross Pay      2,500.00
 Tax paid                  3,194.40              Total Deductions       406.56
                                                 NET PAY              2,093.44
"""

AU_PAYSLIP = """\
Wattle Plumbing Pty Ltd                                   PAYSLIP
Employee       Jack Nguyen                 Pay date     07/03/2025
EARNINGS                         Hours      Rate         Amount
Ordinary Hours                   76.00   38.0000       2,888.00
GROSS PAY                                               2,888.00
PAYG Withholding                                         -512.00
NET PAY                                                 2,376.00
Superannuation Guarantee 11.5%                            332.12
"""


def test_a_hotel_folio_is_an_invoice_dated_at_departure(service) -> None:
    assert snippet_kind(HOTEL_FOLIO) == "invoice"  # 'cashier' and 'thank you' are a till's words too
    got = analysed_fields(service, HOTEL_FOLIO)
    assert (got["invoice_number"], got["date"]) == ("77120", "03/04/25")


def test_an_online_orders_final_details_are_an_invoice(service) -> None:
    assert snippet_kind(ONLINE_ORDER) == "invoice"
    got = analysed_fields(service, ONLINE_ORDER)
    assert got["tax"] == "$4.68"  # not the 'Total before tax'


def test_the_vat_line_of_a_bill_not_its_base_before_vat(service) -> None:
    got = analysed_fields(service, ENERGY_BILL)
    assert got["kind"] == "invoice" and got["tax"] == "£4.45"


def test_a_canadian_folios_hst_total(service) -> None:
    folio = HOTEL_FOLIO.replace("GST 5%   ", "HST 13%  ").replace("Balance        0.00",
                                                                 "Balance        0.00\nTotal HST      18.90")
    assert analysed_fields(service, folio)["tax"] == "18.90"


def test_a_payslips_year_to_date_box_on_the_left(service) -> None:
    got = analysed_fields(service, UK_PAYSLIP)
    assert got["kind"] == "payslip"
    assert (got["gross_pay"], got["net_pay"], got["tax"]) == ("2,500.00", "2,093.44", "290.40")


def test_australian_payg_withholding_is_the_income_tax(service) -> None:
    got = analysed_fields(service, AU_PAYSLIP)
    assert got["kind"] == "payslip"
    assert (got["gross_pay"], got["net_pay"], got["tax"]) == ("2,888.00", "2,376.00", "512.00")


def test_metered_charges_and_a_fuels_subtotal() -> None:
    from desktop_app.core.lists import line_items
    bill = ("Electricity\n"
            "  Meter reading 01 Feb 2025      10200   Actual\n"
            "  Energy used           300 kWh x 25.00p                  £75.00\n"
            "  Standing charge       28 days x 50.00p                  £14.00\n"
            "                                 Electricity charges      £89.00\n"
            "Gas\n"
            "  Energy used           900 kWh x 6.00p                   £54.00\n"
            "  Standing charge       28 days x 30.00p                   £8.40\n"
            "                                 Gas charges              £62.40\n"
            "Total charges before VAT                                 £151.40\n")
    rows = [(r["description"].raw, r["quantity"].raw, r["unit_price"].raw, r["amount"].raw) for r in line_items(bill)]
    assert rows == [("Energy used", "300", "25.00p", "£75.00"), ("Standing charge", "28", "50.00p", "£14.00"),
                    ("Energy used", "900", "6.00p", "£54.00"), ("Standing charge", "28", "30.00p", "£8.40")]
    # three till items, the last costing what the first two do, stay three items
    till = "Milk   1.00\nBread   2.00\nCheese   3.00\nTOTAL   6.00\n"
    assert [r["description"].raw for r in line_items(till)] == ["Milk", "Bread", "Cheese"]


def test_a_statement_row_whose_amounts_are_on_its_second_line() -> None:
    from desktop_app.core.lists import transactions
    page = ("Date    Description                                 Paid out   Paid in       Balance\n"
            "        BALANCE BROUGHT FORWARD                                            500.00 CR\n"
            "02 Mar  CARD PAYMENT TO CORNER SHOP 118\n"
            "        ON 28 FEB                                      12.40               487.60 CR\n"
            "03 Mar  DD CITY WATER                                  40.00               447.60 CR\n"
            "04 Mar  FPI J SMITH\n"
            "        REF BIRTHDAY                                             50.00     497.60 CR\n"
            "05 Mar  SO RENT                                       600.00               102.40 DR\n")
    rows = [(r["date"].raw, r["description"].value, r["amount"].value, r["balance"].value) for r in transactions(page)]
    assert rows == [("02 Mar", "CARD PAYMENT TO CORNER SHOP 118 ON 28 FEB", "-12.40", "487.60"),
                    ("03 Mar", "DD CITY WATER", "-40.00", "447.60"),
                    ("04 Mar", "FPI J SMITH REF BIRTHDAY", "50.00", "497.60"),
                    ("05 Mar", "SO RENT", "-600.00", "-102.40")]


def test_an_online_orders_items_counted_with_of() -> None:
    from desktop_app.core.lists import line_items
    rows = [(r["quantity"].raw, r["description"].value) for r in line_items(ONLINE_ORDER)]
    assert rows == [("1", "Stainless Steel Water Bottle 750 ml"), ("1", "Wool Hiking Socks, 3 Pairs")]


def test_a_name_with_what_the_place_is_under_it_or_a_street_word_in_it() -> None:
    from desktop_app.core.rules import company_candidates
    pub = ("              THE RED LION\n"
           "              TAVERN & GRILL\n"
           "            14 High Street\n"
           "           Oxford OX1 4AA\n"
           "Table 4                  19:42\n")
    assert company_candidates(pub)[0].raw == "THE RED LION TAVERN & GRILL"
    forecourt = ("      MILL LANE SERVICE STATION\n"
                 "          Mill Lane, Ripon\n"
                 "          Ripon HG4 1AA\n"
                 "  SALE            RECEIPT No: 0042\n")
    assert company_candidates(forecourt)[0].raw == "MILL LANE SERVICE STATION"


def test_the_lines_of_the_holders_address_block_are_not_the_bank() -> None:
    from desktop_app.core.rules import company_candidates
    page = ("CLIFFSIDE BANK                                   Classic Account\n"
            "                                                 Page 1 of 2\n"
            "\n"
            "MR PETER J HOLLAND                          Sort code       20-00-00\n"
            "22 ORCHARD WAY                              Account number  12345678\n"
            "KESWICK\n"
            "CA12 5AB\n"
            "\n"
            "Statement period 01 March 2025 to 31 March 2025\n")
    names = [c.raw for c in company_candidates(page)]
    assert names.index("CLIFFSIDE BANK") < names.index("KESWICK")  # (the town over the postcode)


def test_an_accounts_product_name_is_not_its_holder(service) -> None:
    page = ("KAURI BANK                                                  Statement of account\n"
            "\n"
            "MR TANE PARATA                          Account name     Freedom Account\n"
            "5 RIMU ROAD                             Account number   12-3456-0123456-00\n"
            "HAMILTON 3204                           Period           1 March 2025 to 31 March 2025\n"
            "\n"
            "Date     Transaction                       Withdrawals    Deposits     Balance\n"
            "01 Mar   Opening Balance                                               500.00\n"
            "03 Mar   Eftpos Purchase                          20.00                480.00\n"
            "05 Mar   Direct Credit                                      100.00     580.00\n"
            "07 Mar   Automatic Payment                        80.00                500.00\n"
            "09 Mar   Bill Payment                             10.00                490.00\n"
            "31 Mar   Closing Balance                                               490.00\n")
    got = analysed_fields(service, page)
    assert got["kind"] == "bank_statement" and got["account_holder"] == "TANE PARATA"


def test_a_forecourts_pump_number_is_no_part_of_the_fuel() -> None:
    from desktop_app.core.lists import line_items
    slip = ("   Pump 03  DIESEL                      £61.20\n"
            "      40.00 L @ 153.0 p/L\n"
            "   CAR WASH PREMIUM                      £8.00\n"
            "   TOTAL                                £69.20\n")
    assert [r["description"].raw for r in line_items(slip)] == ["DIESEL", "CAR WASH PREMIUM"]


US_PAY_ADVICE = """\
PINE HOLLOW FOODS, INC.                                    Earnings Statement
Filing Status: Married                             Pay Date:   03/07/2025
Earnings          rate       hours      this period      year to date
Regular        20.0000       80.00         1,600.00          8,000.00
               Gross Pay                  $1,600.00          8,000.00
                  Federal Income Tax        -110.00            550.00
                  Social Security Tax        -99.20            496.00
                  Net Pay                 $1,390.80

Deposited to the account of            account number      transit ABA        amount
MARIA L. OKAFOR                        XXXXXX1234          XXXX XXXX          $1,390.80
"""


def test_a_us_pay_advices_employee_is_whom_it_deposits_to(service) -> None:
    got = analysed_fields(service, US_PAY_ADVICE)
    assert got["kind"] == "payslip" and got["employee"] == "MARIA L. OKAFOR"


def test_a_rows_second_line_in_capitals_is_no_section_heading() -> None:
    from desktop_app.core.lists import transactions
    page = ("Date     Transaction                       Withdrawals    Deposits     Balance\n"
            "01 Mar   Opening Balance                                               500.00\n"
            "03 Mar   Eftpos Purchase                          20.00                480.00\n"
            "         FRESH CHOICE NELSON\n"
            "31 Mar   Interest Credit                                       0.42    480.42\n"
            "         CREDIT INTEREST PAID\n"
            "31 Mar   Closing Balance                                               480.42\n")
    assert [r["description"].value for r in transactions(page)] == [
        "Eftpos Purchase FRESH CHOICE NELSON", "Interest Credit CREDIT INTEREST PAID"]


def test_a_delivery_orders_promotion_is_a_discount_of_its_check(service) -> None:
    order = ("Tax Invoice\n"
             "QuickBite Australia Pty Ltd\n"
             "Date: 04 Mar 2025, 7:10 pm\n"
             "Qty   Item                                     Price\n"
             "1     Chicken Katsu Curry                     $18.50\n"
             "2     Miso Soup                                $7.00\n"
             "Subtotal                                      $25.50\n"
             "Delivery Fee                                   $4.99\n"
             "Promotion (SAVE5)                             -$5.00\n"
             "Total (AUD)                                   $25.49\n"
             "Total includes GST of                          $2.32\n")
    ex = service.analyse(ParsedDocument.from_text(order))
    assert ex.kind == "receipt" and len(ex.lists["line_items"]) == 2 and ex.checks == []
