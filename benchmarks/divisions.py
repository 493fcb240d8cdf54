"""China's administrative divisions from ``cpca``'s table: provinces, cities and counties.

cpca ships one row per division (a twelve-digit code, the GB/T 2260 code and six zeros, and the
name). A code ending in ``0000`` is a province-level division, one ending in ``00`` a city-level
one, any other a county-level one. Rows named 市辖区 (the placeholder "districts under the
city" of the 2000s tables) are no division and are left out, as are the placeholder cities of
the province-level municipalities (市辖区, 县) and of the counties a province administers itself
(省直辖县级行政区划): those counties are placed directly in their province.

cpca's table is older than the official count of 2,844 county-level divisions: it still has
九江县 and 赣县, since made districts, and keeps Sansha's three island groups. It has 2,851.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_NOT_DIVISIONS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# The English word for a name's last characters, longest first.
_SUFFIXES = [
    ("特别行政区", "SAR"), ("自治区", "Autonomous Region"), ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("林区", "Forestry District"),
    ("地区", "Prefecture"), ("新区", "New Area"), ("省", "Province"), ("市", "City"),
    ("县", "County"), ("区", "District"), ("旗", "Banner"), ("盟", "League"),
]  # fmt: skip


@dataclass(frozen=True)
class Division:
    """One division: its six-digit code, its names, its tier and the code of the one above."""

    code: str
    zh: str
    en: str
    tier: str  # "province", "city" or "county"
    parent: str | None

    @property
    def stem(self) -> str:
        """The name without its tier word (安义 of 安义县), for the names of what is in it."""
        for suffix, _ in _SUFFIXES:
            if self.zh.endswith(suffix) and len(self.zh) > len(suffix) + 1:
                return self.zh.removesuffix(suffix)
        return self.zh


def english(zh: str) -> str:
    """A division's name in English: its pinyin, then its tier word (安义县 → Anyi County)."""
    from anyi_kg.graph.names import pinyin

    for suffix, word in _SUFFIXES:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            return "".join(pinyin(zh.removesuffix(suffix))[0]).capitalize() + " " + word
    return "".join(pinyin(zh)[0]).capitalize()


@cache
def divisions() -> dict[str, Division]:
    """Every province, city and county of cpca's table, by code (in code order)."""
    table = files("cpca.resources").joinpath("adcodes.csv")
    with table.open(encoding="utf-8") as stream:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(stream)}
    out: dict[str, Division] = {}
    for code in sorted(names):
        zh = names[code]
        if zh in _NOT_DIVISIONS:
            continue
        province = code[:2] + "0000"
        if code == province:
            out[code] = Division(code, zh, english(zh), "province", None)
        elif code.endswith("00"):
            out[code] = Division(code, zh, english(zh), "city", province)
        else:
            city = code[:4] + "00"
            parent = city if names.get(city, "市辖区") not in _NOT_DIVISIONS else province
            out[code] = Division(code, zh, english(zh), "county", parent)
    return out


def counties() -> list[Division]:
    """The county-level divisions, in code order."""
    return [d for d in divisions().values() if d.tier == "county"]
