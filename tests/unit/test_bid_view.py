"""The comparison's view: the redaction of vendor names in masked mode."""

import pytest

from checker.report.bid_view import Redactor


@pytest.mark.parametrize("text, masked", [
    ("アルファ株式会社の製品で対応", "A社の製品で対応"),  # was 「A社株式会社の…」
    ("株式会社アルファ", "A社"),
    ("アルファ(株)・アルファ（株）・㈱アルファ", "A社・A社・A社"),
    ("見本ソリューションズ（株）で対応", "B社で対応"),
    ("見本ソリューションズ株式会社", "B社"),
    ("株式会社の標準機能", "株式会社の標準機能"),  # no vendor name: left as written
])
def test_a_vendor_name_goes_with_its_company_form(text, masked):
    assert Redactor({"アルファ": "A社", "見本ソリューションズ株式会社": "B社"})(text) == masked
