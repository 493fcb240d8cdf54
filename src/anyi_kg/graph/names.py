"""Names as search reads them: tokens, pinyin syllables and spelling variants.

A name is matched on its token boundaries: the characters of a Chinese name, the syllables of
its pinyin (or their initials), the words of any other name. Everything is folded first: NFKC,
case, diacritics (so ``ānyì`` reads ``anyi``) and ``ü``/``v`` to ``u``, so that ``lüxingcai``,
``lvxingcai`` and ``luxingcai`` are one pinyin. The search index (:mod:`anyi_kg.store.search`)
and the search box of the network page (:mod:`anyi_kg.network.page`) read names through these
functions.

Two pinyin: :func:`pinyin` reads words as pypinyin segments them (行业 is hang ye), for the
index; :func:`readings` gives every reading of each character from pypinyin's table of
characters (行 is xing, hang or heng), for the page, because loading pypinyin's words and
segmenter takes 0.6 s and the table alone 0.03 s: a page of 5,000 nodes is drawn in 3 s.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAS_CJK = re.compile(f"[{_CJK}]")
_RUNS = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+")  # runs of Chinese, runs of letters or digits
_WORDS = re.compile(f"[^\\W_{_CJK}]+")

# British and American spellings, as the labels write them and as readers type them.
_SPELLINGS = {
    "aluminium": "aluminum", "centre": "center", "centres": "centers", "centred": "centered",
    "honour": "honor", "honours": "honors", "honoured": "honored", "labour": "labor",
    "programme": "program", "programmes": "programs", "metre": "meter", "metres": "meters",
    "fibre": "fiber", "colour": "color", "favour": "favor", "neighbour": "neighbor",
    "licence": "license", "defence": "defense", "catalogue": "catalog", "tonne": "ton",
    "tonnes": "tons", "ageing": "aging", "modelling": "modeling", "travelling": "traveling",
    "jewellery": "jewelry", "tyre": "tire", "tyres": "tires",
}  # fmt: skip
# Verbs spelt -ise in British English, -ize in American; with -ised, -ising, -isation …
_IZE_STEMS = (
    "industrial", "informat", "organ", "modern", "digital", "special", "standard", "optim",
    "revital", "util", "recogn", "author", "subsid", "priorit", "commercial", "market",
    "global", "urban", "intellectual", "international", "minim", "maxim", "real", "local",
    "central", "capital", "privat", "stabil", "normal", "legal", "visual", "mobil", "custom",
)  # fmt: skip
_IZE_ENDINGS = ("ise", "ises", "ised", "ising", "isation", "isations", "iser", "isers")
for _stem in _IZE_STEMS:
    for _ending in _IZE_ENDINGS:
        _SPELLINGS[_stem + _ending] = _stem + _ending.replace("is", "iz", 1)
_TO_US, _TO_UK = _SPELLINGS, {us: uk for uk, us in _SPELLINGS.items()}


def fold(text: str) -> str:
    """``text`` as search compares it: NFKC, case-folded, without diacritics, one space
    between words."""
    plain = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", kept).split())


def tokens(text: str) -> list[str]:
    """The tokens of a name: every letter or digit of a name that has Chinese in it, else
    its words."""
    folded = fold(text)
    if HAS_CJK.search(folded):
        return [c for c in folded if c.isalnum()]
    return _WORDS.findall(folded)


def pinyin(text: str) -> tuple[list[str], list[str]]:
    """The toneless pinyin of the Chinese in ``text`` (``ü`` as ``u``), one syllable per
    character, and its initials; runs of other letters or digits stay among the syllables as
    they are and among the initials letter by letter (``营收10亿元`` → ying shou 10 yi yuan, y s
    1 0 y y). Both empty for a name without Chinese."""
    folded = fold(text)
    if not HAS_CJK.search(folded):
        return [], []
    syllables: list[str] = []
    letters: list[str] = []
    for run in _RUNS.findall(folded):
        if HAS_CJK.match(run):
            readings = _pinyin(run)
            syllables.extend(readings)
            letters.extend(s[0] for s in readings)
        else:
            syllables.append(run)
            letters.extend(run)
    return syllables, letters


def readings(text: str) -> list[list[str]]:
    """Every toneless reading of each Chinese character of ``text`` (``ü`` as ``u``), and each
    run of other letters or digits as it is; empty for a name without Chinese."""
    folded = fold(text)
    if not HAS_CJK.search(folded):
        return []
    out: list[list[str]] = []
    for run in _RUNS.findall(folded):
        if HAS_CJK.match(run):
            out.extend(_character(c) for c in run)
        else:
            out.append([run])
    return out


def spelling_variants(text: str) -> list[str]:
    """The name spelt all British and all American (aluminium ↔ aluminum, centre ↔ center,
    -ise ↔ -ize), those of the two that differ from it."""
    found = []
    for table in (_TO_US, _TO_UK):
        varied = _WORDS.sub(lambda m, t=table: _respell(m.group(0), t), text)  # type: ignore[misc]
        if varied != text and varied not in found:
            found.append(varied)
    return found


def _respell(word: str, table: dict[str, str]) -> str:
    other = table.get(word.casefold())
    if other is None:
        return word
    return other.capitalize() if word[:1].isupper() else other


@lru_cache(maxsize=65536)
def _pinyin(run: str) -> tuple[str, ...]:
    """The pinyin of a run of Chinese characters, word by word as pypinyin segments it, each
    word's reading kept: names share most of their words, so most readings are looked up once."""
    from pypinyin.seg.mmseg import seg

    return tuple(s for word in seg.cut(run) for s in _word(word))


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(s.replace("ü", "u").replace("v", "u") for s in lazy_pinyin(word))


@lru_cache(maxsize=65536)
def _character(c: str) -> list[str]:
    """The toneless readings of a character (itself if it has none)."""
    readings = _characters().get(str(ord(c)))
    if readings is None:
        return [c]
    return list(dict.fromkeys(fold(r).replace("v", "u") for r in readings.split(",")))


@cache
def _characters() -> dict[str, str]:
    """pypinyin's table of characters (code point → readings with tones), read from its file:
    importing pypinyin would load its dictionary of words as well."""
    spec = find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypinyin is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table
