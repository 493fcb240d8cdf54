"""Regions of a report by ``cpca``'s matcher over its table of administrative divisions.

A match is kept where the report writes the full name (安义县), or a short name whose full name
it also writes, or a province's short name (江西); two-character names only inside a province
the report names (cpca's table has 合作市, 安达市, 范县: words of any report). A county that the
table lacks (a made-up test county, or one newer than the table) is a two-character name + 县
written twice or more. Each region gets its GB/T 2260 code and its tier's level.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from typing import Any

with warnings.catch_warnings():  # cpca reads its table through setuptools' pkg_resources
    warnings.simplefilter("ignore")
    import cpca

from ..graph.iris import AK, PREFIXES
from .lexicon import Lexicon
from .patterns import PATTERNS

_KG, _LEVEL = PREFIXES["kg"], PREFIXES["level"]
_RANK_LEVEL = ("provincial", "municipal", "county")


def regions(flat: str) -> list[tuple[int, int, Any]]:
    """The regions written in ``flat``: (start, end, cpca's record of the division)."""
    matches = [
        (m.start_index, m.end_index + 1, m.origin_value, m.attr_infos)
        for m in cpca.matcher.iter(flat)
    ]
    written = {value for _, _, value, _ in matches}
    counts = Counter(
        info.adcode for _, _, value, infos in matches for info in infos if value == info.name
    )
    provinces = {i.adcode[:2] for _, _, v, infos in matches for i in infos
                 if v == i.name and len(v) >= 3}  # fmt: skip
    found = []
    for start, end, value, infos in matches:
        if len(value) < 2:
            continue
        if len(value) < 3:
            infos = [i for i in infos if i.rank == 0 or i.adcode[:2] in provinces]
            if not infos:
                continue
        full = [i for i in infos if i.name == value]
        if full:
            info = full[0]
        else:
            present = [i for i in infos if i.name in written]
            tops = [i for i in infos if i.rank == 0]
            if not (present or tops):
                continue
            info = (present or tops)[0]
        if len(infos) > 1:
            info = max(infos, key=lambda i: (counts[i.adcode], i is info))
        found.append((start, end, info))
    return found


def unlisted_counties(flat: str) -> list[tuple[int, int, str]]:
    """Counties the table lacks: (start, end, name), a name written twice or more."""
    names = Counter(
        m.group() for m in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2}县", flat)
    )
    return [
        (m.start(), m.end(), name)
        for name, count in names.items() if count >= 2
        for m in re.finditer(re.escape(name), flat)
    ]  # fmt: skip


def describe(name: str, rank: int) -> tuple[str, str, str]:
    """The IRI, English label and level of a region by its name and tier (0 = province)."""
    tier = _tier(name, rank)
    short = re.sub(r"(省|市|县|区|自治区|自治州)$", "", name) or name
    english = f"{pinyin(short).title()} {PATTERNS.region_words[tier]}"
    return f"{_KG}{pinyin(short)}-{tier}", english, _LEVEL + _RANK_LEVEL[min(rank, 2)]


def known_region(lexicon: Lexicon, *names: str) -> Any:
    """The graph's region of one of ``names``, if the dictionary holds it."""
    for name in names:
        for term in lexicon.by_name.get(name, ()):
            if AK.Region in term.classes:
                return term
    return None


def _tier(name: str, rank: int) -> str:
    if rank == 0:
        return "province"
    if rank == 1:
        return "city"
    return "district" if name.endswith("区") else ("city" if name.endswith("市") else "county")


def pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))
