"""Entity search by Chinese, English or pinyin (issue 17, point 5).

Expected answers are the names written in ``graph/entities.ttl`` and ``ontology/``: either
listed here by hand from those files, or computed from the union graph by plain substring
tests over every name (rdflib, not the index), so that the index is checked against the data.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from anyi_kg.errors import BadInputError
from anyi_kg.graph.names import fold, pinyin, spelling_variants, tokens
from anyi_kg.graph.namespaces import AK, BASE
from anyi_kg.store import OxigraphStore
from anyi_kg.store.search import _MATCH, EXACT, PREFIX, SUBSTRING, LabelIndex

KG = BASE + "id/"
NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, AK.formerName)
# Every name in the graph that writes 铝型材 (graph/entities.ttl, ontology/vocab/industries.ttl).
ALUMINIUM_PROFILE = {
    BASE + "vocab/industry/aluminium-profile",  # 铝型材, aluminium profiles
    KG + "aluminium-profile-cluster",  # 铝型材产业集群
    KG + "industry-tax-management-measures",  # 铝型材、纺织行业税收管理办法
    KG + "jiangxi-aluminium-profile-research-institute",  # 江西省铝型材产业技术研究院
}


def found(kg: OxigraphStore, text: str, limit: int = 500) -> list[str]:
    return [hit.iri for hit in kg.search(text, limit)]


def named(union: Graph, test: re.Pattern[str]) -> set[str]:
    """The IRIs of the resources one of whose names matches ``test``."""
    return {
        str(s)
        for p in NAMES
        for s, o in union.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, Literal) and test.search(str(o))
    }


def test_anyi_finds_only_names_with_anyi(kg: OxigraphStore, union: Graph) -> None:
    """Pinyin on syllable boundaries: 一产一策 (yi chan yi ce) and 摆摊一件事 (bai tan yi jian
    shi) hold the letters a-n-y-i across two syllables, and are not found."""
    hits = found(kg, "anyi")
    expected = named(union, re.compile(r"安义|\bAnyi", re.I))
    assert set(hits) == expected
    assert len(expected) >= 15
    assert hits[0] == KG + "anyi-county"  # its other name 安义 is exactly "anyi"
    for stranger in ("one-industry-one-policy", "street-stall-one-thing"):
        assert KG + stranger not in hits
    assert BASE + "vocab/indicator/revenue-over-1bn-enterprise-count" not in hits  # …亿元以…


@pytest.mark.parametrize("typed", ["lvxingcai", "luxingcai", "lüxingcai", "LÜ XING CAI"])
def test_pinyin_with_u_umlaut_in_every_spelling(kg: OxigraphStore, typed: str) -> None:
    assert set(found(kg, typed)) == ALUMINIUM_PROFILE


def test_aluminum_finds_the_aluminium_names(kg: OxigraphStore, union: Graph) -> None:
    american = found(kg, "aluminum")
    assert set(american) >= ALUMINIUM_PROFILE
    assert set(american) == named(union, re.compile(r"\baluminium", re.I))
    assert set(american) == set(found(kg, "aluminium"))
    profiles = set(found(kg, "aluminum profile"))
    assert {KG + "aluminium-profile-cluster", KG + "industry-tax-management-measures"} <= profiles
    assert KG + "hongxin-aluminium" not in profiles  # Hongxin Aluminium: no "profile"


def test_british_and_american_both_ways(kg: OxigraphStore) -> None:
    # "testing and certification centre" (platform-types.ttl), "China Window Certification
    # Center" (entities.ttl)
    assert BASE + "vocab/platform-type/testing-certification" in found(kg, "certification center")
    assert KG + "china-window-certification-center" in found(kg, "certification centre")


def test_ranked_exact_then_prefix_then_substring(kg: OxigraphStore) -> None:
    hits = kg.search("铝型材", 10)
    assert [h.iri for h in hits][:1] == [BASE + "vocab/industry/aluminium-profile"]
    assert [h.score[0] for h in hits] == [EXACT, PREFIX, PREFIX, SUBSTRING]
    assert hits[-1].iri == KG + "jiangxi-aluminium-profile-research-institute"
    assert found(kg, "安义县")[0] == KG + "anyi-county"


def test_syllables_initials_and_syllables_begun(kg: OxigraphStore) -> None:
    assert found(kg, "anyixian")[0] == KG + "anyi-county"
    assert found(kg, "anyix")[0] == KG + "anyi-county"  # being typed
    assert found(kg, "ayx")[0] == KG + "anyi-county"  # initials
    assert found(kg, "kjjt") == [KG + "konka-group"]
    assert found(kg, "kangjia") == [KG + "konka-group"]
    assert found(kg, "Ānyì Xiàn")[0] == KG + "anyi-county"  # tone marks and a space
    # yi ce: two syllables inside 一产一策 (yi chan yi ce), not at its start
    assert KG + "one-industry-one-policy" in found(kg, "yice")
    # 战略 (zhan lüe): the strategies of entities.ttl
    strategies = set(found(kg, "zhanlüe"))
    assert set(found(kg, "zhanlve")) == set(found(kg, "zhanlue")) == strategies
    assert {KG + "innovation-driven-development-strategy", KG + "five-strategies"} <= strategies


def test_names_other_than_the_label(kg: OxigraphStore) -> None:
    [hit] = kg.search("安义工业园区", 5)  # its former name (entities.ttl)
    assert hit.iri == KG + "anyi-hi-tech-park"
    assert hit.matched == "安义工业园区" and hit.label_zh == "安义高新技术产业园区"
    assert found(kg, "konka gr") == [KG + "konka-group"]
    assert kg.search("   ") == [] and kg.search("，。") == []
    assert kg.search("no such thing at all") == []


def test_types_by_their_labels(kg: OxigraphStore) -> None:
    [konka] = kg.search("康佳", 5)
    assert konka.types == (str(AK.Company),)
    assert konka.type_labels == ((str(AK.Company), "企业", "company"),)  # ontology/anyi.ttl
    industry = kg.search("铝型材", 1)[0]  # a skos:Concept and an ak:Indicator: the labelled one
    assert [zh for _, zh, _ in industry.type_labels] == ["产业"]


def test_searches_from_many_threads(kg: OxigraphStore) -> None:
    """The server searches from its threads: one SQLite connection, taken in turn."""
    answers: list[list[str]] = []

    def ask() -> None:
        for _ in range(20):
            answers.append(found(kg, "anyi"))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 80 and all(a == answers[0] for a in answers)


@pytest.mark.parametrize(
    "typed",
    ['"', 'an" OR "yi', "NEAR(an yi)", "AND NOT anyi", "anyi*", "-anyi", "^anyi", "an:yi", "\x00",
     "xian" * 49 + "ii"],  # 2^49 ways to cut it into syllables, every one failing at its end
)  # fmt: skip
def test_search_syntax_is_read_as_words(
    kg: OxigraphStore, server_client: TestClient, typed: str
) -> None:
    """FTS5's own syntax typed into a search is words to look for, never an operator or an
    error: the query's tokens go into quoted phrases."""
    words = tokens(typed)
    hits = found(kg, typed)
    if words == ["anyi"]:  # the punctuation dropped: the county, as for "anyi"
        assert hits == found(kg, "anyi") and hits[0] == KG + "anyi-county"
    elif words != ["an", "yi"]:  # "or", "near", "not", "ii": no name reads so
        assert hits == []
    response = server_client.get("/search", params={"q": typed})
    assert response.status_code == 200 and "Traceback" not in response.text


def test_a_search_longer_than_any_name_is_refused(
    kg: OxigraphStore, server_client: TestClient
) -> None:
    """The longest name of the graph has 91 characters; a search may have 200."""
    names = (t.object.value for t in kg.labels() if t.predicate.value != str(RDF.type))
    longest = max(names, key=len)
    assert len(longest) == 91 and found(kg, longest)[0]
    typed = "anyi " * 2000  # as many words, cut one by one, once overflowed the stack
    message = "a search is at most 200 characters, this one has 10000"
    with pytest.raises(BadInputError, match=message):
        kg.search(typed)
    page = server_client.get("/search", params={"q": typed})
    assert page.status_code == 400 and message in page.text and "Traceback" not in page.text
    machine = server_client.get(
        "/search", params={"q": typed}, headers={"Accept": "application/json"}
    )
    assert machine.status_code == 400 and message in machine.json()["error"]
    assert found(kg, "anyi " * 40) == []  # 200 characters: asked, and no name reads so


def test_search_json_keeps_its_fields_and_adds_type_labels(server_client: TestClient) -> None:
    hits = server_client.get(
        "/search", params={"q": "anyi"}, headers={"Accept": "application/json"}
    ).json()
    first = hits[0]
    assert set(first) >= {"iri", "label_zh", "label_en", "types", "matched", "type_labels"}
    assert first["iri"] == KG + "anyi-county" and first["types"] == [str(AK.Region)]
    assert first["type_labels"] == [{"iri": str(AK.Region), "zh": "行政区", "en": "region"}]


def test_search_page_shows_types_by_label(server_client: TestClient) -> None:
    page = server_client.get("/search", params={"q": "康佳"}).text
    assert "企业" in page and "ak:Company" not in page


# ---- the index in a file -------------------------------------------------------------------

SEARCHED = ["安义", "安义县", "铝型材", "康佳", "anyi", "anyix", "ayx", "kjjt", "lvxingcai",
            "aluminum", "konka gr", "zhanlüe", "Ānyì Xiàn"]  # fmt: skip


def test_an_index_file_answers_as_the_index_in_memory(kg: OxigraphStore, tmp_path: Path) -> None:
    path = tmp_path / "labels.sqlite"
    with closing(LabelIndex.build(kg.labels(), path)) as built:
        assert len(built) == len(kg.label_index()) > 300
    with closing(LabelIndex.open(path)) as opened:
        for text in SEARCHED:
            for limit in (500, 20, 1):
                assert opened.search(text, limit) == kg.search(text, limit), (text, limit)
        assert opened.search("  ") == [] and opened.search("no such thing at all") == []


def test_an_index_file_is_written_once_and_opened_read_only(
    kg: OxigraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "labels.sqlite"
    LabelIndex.build(kg.labels(), path).close()
    with pytest.raises(FileExistsError):
        LabelIndex.build(kg.labels(), path)
    with closing(LabelIndex.open(path)) as opened, pytest.raises(sqlite3.OperationalError):
        opened._db.execute("DELETE FROM rows")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(ValueError, match="no search index of this version"):
        LabelIndex.open(path)
    (tmp_path / "other.sqlite").write_bytes(b"not a database at all, " * 100)
    with pytest.raises(sqlite3.DatabaseError):
        LabelIndex.open(tmp_path / "other.sqlite")


def test_a_stage_reads_its_rows_in_order_without_sorting(kg: OxigraphStore) -> None:
    """One statement per stage, FTS5 the outer loop in rowid order: a common query stops after
    its first rows instead of sorting every match."""
    plan = kg.label_index()._db.execute("EXPLAIN QUERY PLAN " + _MATCH, ('"an"*',)).fetchall()
    details = [row[-1] for row in plan]
    assert details[0].startswith("SCAN forms VIRTUAL TABLE")
    assert not any("TEMP B-TREE" in d for d in details), details


# ---- names as search reads them --------------------------------------------------------------


def test_tokens_pinyin_and_variants() -> None:
    assert tokens("安义县") == ["安", "义", "县"]
    assert tokens("“管委会+公司”改革") == list("管委会公司改革")
    assert tokens("CABR Doors, Windows") == ["cabr", "doors", "windows"]
    assert pinyin("铝型材") == (["lu", "xing", "cai"], ["l", "x", "c"])
    assert pinyin("营收10亿元") == (["ying", "shou", "10", "yi", "yuan"], list("ys10yy"))
    assert pinyin("Konka") == ([], [])
    assert fold("ĀNYÌ  Xiàn") == "anyi xian"
    assert spelling_variants("Aluminium profile centre") == ["Aluminum profile center"]
    assert spelling_variants("Industrialization program") == ["Industrialisation programme"]
    assert spelling_variants("Konka Group") == []
