"""Cleaning cell values: numbers, dates, IPC codes, names, organisation types, addresses."""

from __future__ import annotations

from datetime import date

import pytest

from patentnav.graph.ingest.normalize import (
    AddressResolver,
    NormalizeError,
    guess_organization_type,
    load_aliases,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    parse_date,
    parse_ipc,
    patent_type_from,
)


@pytest.mark.parametrize(
    "raw",
    [
        "CN201510123456.7",
        "201510123456.7",
        "ZL201510123456.7",
        "2015101234567",
        "CN201510123456",
        " cn 2015 1012 3456 ",
    ],
)
def test_cn_application_numbers_with_and_without_check_digit_are_one_number(raw: str) -> None:
    assert normalize_application_number(raw) == "CN201510123456"


def test_old_eight_digit_cn_numbers_and_foreign_numbers() -> None:
    assert normalize_application_number("CN98123456.X") == "CN98123456"
    assert normalize_application_number("US 15/123,456", default_country="US") == "US15123456"
    with pytest.raises(NormalizeError):
        normalize_application_number("not a number!")


def test_publication_numbers_keep_their_kind_code() -> None:
    assert normalize_publication_number("CN105000000A") == ("CN105000000A", "A")
    assert normalize_publication_number("us-10000000-b2") == ("US10000000B2", "B2")
    with pytest.raises(NormalizeError):
        normalize_publication_number("105000000")


@pytest.mark.parametrize(
    "raw", ["2015-03-01", "2015.03.01", "2015/3/1", "20150301", "2015年3月1日", "2015-03-01 00:00:00"]
)
def test_dates_in_every_export_spelling(raw: str) -> None:
    assert parse_date(raw) == date(2015, 3, 1)


@pytest.mark.parametrize("raw", ["2015-02-30", "2015-13-01", "20151301", "1015-01-01", "yesterday"])
def test_impossible_or_unreadable_dates_are_errors(raw: str) -> None:
    with pytest.raises(NormalizeError, match="date"):
        parse_date(raw)


def test_ipc_levels_and_chain() -> None:
    code = parse_ipc("B66C 23/64 (2006.01)")
    assert (code.section, code.ipc_class, code.subclass, code.main_group, code.symbol) == (
        "B", "B66", "B66C", "B66C23/00", "B66C23/64"
    )  # fmt: skip
    assert [c.local_id for c in code.ancestors()] == ["B66C23-00", "B66C", "B66", "B"]
    assert parse_ipc("B66C0023640000").symbol == "B66C23/64"
    assert parse_ipc("h04l").symbol == "H04L"


@pytest.mark.parametrize("raw", ["Z99Q1/00", "B6C23/64", "B66C23", "B66C/64", "", "12345"])
def test_malformed_ipc_codes_are_errors(raw: str) -> None:
    with pytest.raises(NormalizeError, match="malformed IPC"):
        parse_ipc(raw)


def test_names_are_normalised_and_suffixes_unified() -> None:
    assert normalize_name("三一重工股份有限公司 ") == "三一重工股份有限公司"
    assert normalize_name("合成样例重工有限责任公司") == "合成样例重工有限公司"
    assert normalize_name("（合成）样例　公司") == "(合成)样例公司"
    assert normalize_name("Ｅｘａｍｐｌｅ  Corp,  Ltd") == normalize_name("Example Corp Ltd.")
    assert normalize_name("Example Co.,Ltd") == "Example Co., Ltd."
    assert normalize_name("Example Incorporated") == "Example Inc."
    # different legal forms stay different
    assert normalize_name("甲有限公司") != normalize_name("甲股份有限公司")


def test_alias_file_maps_spellings_to_one_name(tmp_path) -> None:
    extra = tmp_path / "aliases.csv"
    extra.write_text("alias,canonical\nSynthetic Example Heavy Co. 0042,合成样例重工有限公司0042\n", encoding="utf-8")
    aliases = load_aliases([extra])
    assert normalize_name("SYNTHETIC EXAMPLE HEAVY CO. 0042", aliases) == "合成样例重工有限公司0042"
    assert normalize_name("Other Co. Ltd", aliases) == "Other Co., Ltd."


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("中南大学", "university"),
        ("湖南大学", "university"),
        ("长沙矿冶研究院有限责任公司", "enterprise"),
        ("中国科学院合成研究所", "research institute"),
        ("合成样例重工有限公司0001", "enterprise"),
        ("张三", "individual"),
        ("Smith, John", "individual"),
        ("湖南省知识产权局", "government"),
        ("Synthetic Example Co., Ltd.", "enterprise"),
        ("Massachusetts Institute of Technology", "university"),
        ("???", "other"),
    ],
)
def test_organisation_type_guess(name: str, kind: str) -> None:
    assert guess_organization_type(name) == kind


def test_legal_status_and_patent_type() -> None:
    assert normalize_legal_status("有效") == "active"
    assert normalize_legal_status("授权后失效") == "inactive"
    assert normalize_legal_status("实质审查") == "pending"
    assert normalize_legal_status(None) == "unknown"
    assert patent_type_from("CN201510123456") == "invention"
    assert patent_type_from("CN201520123456") == "utility"
    assert patent_type_from("CN201530123456") == "design"
    assert patent_type_from(None, "S1") == "design"


def test_addresses_resolve_to_gbt2260_regions_with_their_chain() -> None:
    resolver = AddressResolver()
    resolver.resolve_many(["湖南省长沙市岳麓区麓山南路1号", "株洲市天元区合成路1号", "北京市海淀区合成路2号"])
    place = resolver.resolve("湖南省长沙市岳麓区麓山南路1号")
    assert place.code == "430104" and place.country == "CN"
    assert [c for c, _, _ in place.chain] == ["430000", "430100", "430104"]
    assert resolver.resolve("株洲市天元区合成路1号").code == "430211"
    # municipalities skip the 市辖区 level
    assert [lvl for _, _, lvl in resolver.resolve("北京市海淀区合成路2号").chain] == ["province", "county"]
    assert resolver.resolve("日本东京都千代田区").country == "JP"
    assert resolver.resolve(None, province_code="43").code == "430000"
    assert resolver.resolve("", country_hint="US").country == "US"
