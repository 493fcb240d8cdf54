"""Issue 13: the extractor, on sentences and reports of our own writing, and on the seed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from anyi_kg.cli import main
from anyi_kg.errors import BadInputError
from anyi_kg.extract.check import check_draft
from anyi_kg.extract.evaluate import evaluate
from anyi_kg.extract.numbers import ranks, values, years
from anyi_kg.extract.run import extract
from anyi_kg.extract.source import decode, read_report
from anyi_kg.extract.text import Text
from anyi_kg.paths import SOURCES_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SEED = SOURCES_DIR / "000_14a3bcd6bc545aa4.txt"


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("全县工业总产值达到一千二百万元", Decimal(12000000), "currency/CNY", None),
        ("园区税收突破10亿元", Decimal(1000000000), "currency/CNY", "more-than"),
        ("占地300余亩的新项目", Decimal(300), "ontology#Mu", "more-than"),
        ("投资5亿元以上的项目", Decimal(500000000), "currency/CNY", "at-least"),
        ("年产能破50万吨", Decimal(500000), "unit/TONNE", "more-than"),
        ("同比增长超45%", Decimal(45), "unit/PERCENT", "more-than"),
        ("新增企业两百四十家", Decimal(240), "unit/NUM", None),
        ("创新平台突破两位数", Decimal(10), "unit/NUM", "at-least"),
    ],
)
def test_values_are_scaled_with_their_qualifier(text, value, unit, qualifier) -> None:
    [found] = values(text)
    assert found.value == value and found.unit.endswith(unit) and found.qualifier == qualifier


def test_ranks_and_years_of_a_written_sentence() -> None:
    text = "从2019年的第88位,到2022年的倒数第二,位列全省第三,进入前十强"
    assert [(n.surface, int(n.value), n.kind) for n in ranks(text)] == [
        ("第88位", 88, "rank"), ("倒数第二", 2, "rank_from_end"), ("第三", 3, "rank"),
        ("前十强", 10, "rank"),
    ]  # fmt: skip
    assert [y.value for y in years(text)] == ["2019", "2022"]
    assert [y.role for y in years("2021年以来累计盘活用地,较2020年增长")] == ["since", "base"]


def test_page_break_is_joined_for_matching_and_kept_in_the_span() -> None:
    raw = "一" * 30 + "全县工业总产值从\n\n12亿元增至15亿元。\n"
    text = Text(raw, "test")
    at = text.flat.index("全县")
    span = text.span(at, text.flat.index("15亿元") + 4)
    assert "\n\n" in span.exact and raw[span.start : span.end] == span.exact


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        ("工业".encode() + b"\xff\xfe", "not UTF-8: byte 0xff at byte offset 6"),
        (b"abc\x00def", "binary, not text: a NUL byte at byte offset 3"),
        (b"abc\x01def", "control character U+0001 at byte offset 3"),
    ],
)
def test_unusable_input_is_refused_with_its_place(data: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=re.escape(message)):
        decode(data, "r.txt")


def test_html_is_read_as_its_text_without_scripts() -> None:
    report = read_report(str(FIXTURES / "lanxi-county.html"))
    assert report.media_type == "text/html"
    assert "全县工业总产值从120亿元增至185亿元" in report.text
    assert "var x" not in report.text and "color" not in report.text


def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes("工业总产值".encode() * 700_000)  # 10.5 MB
    with pytest.raises(BadInputError, match="larger than 2,097,152 bytes"):
        read_report(str(big))


def test_a_report_of_our_own_yields_its_figures() -> None:
    draft = extract(read_report(str(FIXTURES / "lanxi-county.txt")))
    got = {
        (f.indicator.iri.rsplit("/", 1)[1], f.subject.zh, str(f.number.value), f.period)
        for f in draft.figures.figures
    }
    assert ("gross-industrial-output", "澜溪县", "12000000000", None) in got
    assert ("gross-industrial-output", "澜溪县", "18500000000", None) in got
    assert ("newly-signed-project-count", "澜溪县", "42", "2023") in got
    assert ("national-high-tech-enterprise-count", "澜溪县", "12", "2020") in got
    assert ("national-high-tech-enterprise-count", "澜溪县", "37", None) in got
    assert ("industrial-vat", "澜溪县", "162000000.00", "2023") in got
    assert ("county-innovation-capability-ranking", "澜溪县", "18", None) in got
    assert len(draft.figures.changes) >= 4
    assert check_draft(draft.turtle(), draft.text.raw) == []


def test_cli_writes_a_whole_draft_and_refuses_bad_input(tmp_path: Path, capsys) -> None:
    out = tmp_path / "draft.ttl"
    assert main(["extract", str(FIXTURES / "lanxi-county.txt"), "-o", str(out)]) == 0
    assert b"review:unreviewed" in out.read_bytes() and b"prov:wasGeneratedBy" in out.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    kept = tmp_path / "kept.ttl"
    kept.write_text("mine", encoding="utf-8")
    assert main(["extract", str(empty), "-o", str(kept)]) == 2
    assert kept.read_text(encoding="utf-8") == "mine"
    assert main(["extract", str(FIXTURES / "no-facts.txt"), "-o", str(out)]) == 0
    assert "no facts found" in capsys.readouterr().err


@pytest.fixture(scope="module")
def seed_draft():
    """The seed drafted cold: no label of graph/'s entities in the dictionary."""
    return extract(read_report(str(SEED)), with_graph=False)


def test_seed_draft_conforms_and_every_span_is_exact(seed_draft) -> None:
    assert seed_draft.source_known and seed_draft.source == "000_14a3bcd6bc545aa4"
    assert check_draft(seed_draft.turtle(), seed_draft.text.raw) == []


def test_seed_evaluation_keeps_its_floor(seed_draft) -> None:
    """Floors a little below what the extractor reaches cold, so that a regression fails."""
    scores = {s.family: s for s in evaluate(seed_draft)}
    assert scores["observations"].precision >= 0.97 and scores["observations"].recall >= 0.95
    assert scores["rankings"].precision >= 0.97 and scores["rankings"].recall >= 0.93
    assert scores["conferrals"].precision >= 0.95 and scores["conferrals"].recall >= 0.95
    assert scores["investments"].recall == 1.0
    assert scores["links"].precision >= 0.95 and scores["links"].recall >= 0.95
    entities = scores["entities (all classes)"]
    assert entities.precision >= 0.94 and entities.recall >= 0.97


def test_firsts_are_counts_from_none_to_at_least_one() -> None:
    from anyi_kg.extract.source import Report

    text = (
        "澜溪县工业发展综述\n\n"
        "近年来,澜溪县产业规模持续扩大,上市公司、国家级绿色工厂等从无到有,"
        "园区实现了纳税亿元以上工业企业零的突破。\n"
    )
    draft = extract(Report("firsts.txt", text), with_graph=False)
    found = sorted(
        (f.indicator.iri.rsplit("/", 1)[-1], int(f.number.value), f.number.qualifier,
         draft.text.flat[f.number.start : f.number.end], f.subject.zh)
        for f in draft.figures.figures
    )  # fmt: skip
    assert found == [
        ("listed-company-count", 0, None, "无", "澜溪县"),
        ("listed-company-count", 1, "at-least", "有", "澜溪县"),
        ("national-green-factory-count", 0, None, "无", "澜溪县"),
        ("national-green-factory-count", 1, "at-least", "有", "澜溪县"),
        ("tax-over-100m-industrial-enterprise-count", 0, None, "零", "澜溪县"),
        ("tax-over-100m-industrial-enterprise-count", 1, "at-least", "零的突破", "澜溪县"),
    ]
    assert len(draft.figures.changes) == 3
    assert check_draft(draft.turtle(), draft.text.raw) == []


def test_a_value_shared_by_a_list_is_each_items_own() -> None:
    from anyi_kg.extract.source import Report

    text = (
        "澜溪县招商引资综述\n\n"
        "今年以来,澜溪县先后引进了澜溪新材料产业园项目、澜溪智能装备项目等一批投资10亿元以上的重点项目。\n"
    )
    draft = extract(Report("shared.txt", text), with_graph=False)
    found = sorted(
        (f.subject.zh, f.indicator.iri.rsplit("/", 1)[-1], int(f.number.value), f.number.qualifier)
        for f in draft.figures.figures
    )
    assert found == [
        ("澜溪新材料产业园项目", "project-investment", 1000000000, "at-least"),
        ("澜溪智能装备项目", "project-investment", 1000000000, "at-least"),
    ]
    assert check_draft(draft.turtle(), draft.text.raw) == []


def test_a_clause_opening_with_yiji_continues_the_conferral() -> None:
    from anyi_kg.extract.source import Report

    text = (
        "澜溪县荣誉综述\n\n"
        "近年来,澜溪县产业规模持续扩大,先后获评中国竹编之乡、全国电商示范县等国家级招牌,"
        "以及云岭省绿色园区、云岭省双创示范基地等省级称号。\n"
    )
    draft = extract(Report("honours.txt", text), with_graph=False)
    found = {(r.subject.zh, r.object.zh) for r in draft.relations if r.kind == "conferral"}
    assert found == {
        ("澜溪县", "中国竹编之乡"), ("澜溪县", "全国电商示范县"),
        ("澜溪县", "云岭省双创示范基地"), ("澜溪县", "云岭省绿色园区"),
    }  # fmt: skip
