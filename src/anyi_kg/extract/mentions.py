"""Entity mentions: names the dictionary knows, regions (:mod:`.regions`) and new names
(:mod:`.names`), one :class:`Entity` per thing the report names.

Candidates are chosen longest first where they overlap, a known name winning a tie. A new name
that is another name of the report with words around it that explain nothing (航拍 +
安义高新技术产业园区, 沐邦高科 + 总部) is cut to that name. Names inside names (the company a
project is named after) are kept beside the name that holds them. Variants are one entity,
labelled with the most complete form the report uses: a name less its batch words
(国家首批…示范县), less its region or level (省“1269”行动计划), less its own head
(…产业基地项目), or an abbreviation whose characters are a subsequence of a longer name of its
class that ends alike (安义高新园区, 园区管委会).
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import cast

with warnings.catch_warnings():  # jieba reads its dictionary through setuptools' pkg_resources
    warnings.simplefilter("ignore")
    import jieba
    import jieba.posseg

from ..graph.iris import AK, PREFIXES
from .lexicon import Lexicon, Term, plain
from .names import Candidate, Names, head_of
from .patterns import PATTERNS
from .regions import describe, known_region, regions, unlisted_counties
from .text import Text

_KG, _LEVEL = PREFIXES["kg"], PREFIXES["level"]
_BATCH = re.compile(r"首批|第[一二三四五六七八九十\d]+批")
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,3}省")
_LEVELS = {"国家": "national", "中国": "national", "全国": "national", "省": "provincial",
           "全省": "provincial", "市": "municipal", "全市": "municipal"}  # fmt: skip


@dataclass
class Entity:
    """An entity of the draft: one the graph knows (``known``), or a new one."""

    iri: str
    cls: str
    zh: str
    known: bool
    first: tuple[int, int]
    confidence: float
    en: str | None = None
    names: set[str] = field(default_factory=set)
    level: str | None = None
    listed: bool = False
    code: str | None = None  # GB/T 2260, for regions
    honour_type: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity
    alternatives: tuple[Entity, ...] = ()
    nested: bool = False

    @property
    def cls(self) -> str:
        return self.entity.cls


@cache
def tokenizer(words: frozenset[str]) -> jieba.posseg.POSTokenizer:
    """A jieba tokenizer that knows ``words`` (the vocabularies' labels and the heads)."""
    jieba.setLogLevel(60)
    base = jieba.Tokenizer()
    for word in sorted(words):
        base.add_word(word, 20000, "nz")
    return jieba.posseg.POSTokenizer(base)


class Mentions:
    """Finds the mentions of a text and keeps one :class:`Entity` per thing named."""

    def __init__(self, text: Text, lexicon: Lexicon, reserved: frozenset[str] = frozenset()):
        self.text = text
        self.lexicon = lexicon
        self.reserved = reserved  # IRIs the graph uses: never minted again for a new entity
        self.entities: dict[str, Entity] = {}
        words = frozenset(n for t in lexicon.terms.values() for n in t.names if len(n) > 1) | {
            w for head in PATTERNS.heads for w in head.words if len(w) > 1
        }
        self.tokenizer = tokenizer(words)
        self.found: list[Mention] = []

    def find(self) -> list[Mention]:
        flat = self.text.flat
        names = Names(self.text, self.lexicon, self.tokenizer).find()
        pool: list[tuple[int, int, int, object]] = [(h.start, h.end, 0, h) for h in self._known()]
        pool += [(s, e, 1, ("region", info)) for s, e, info in regions(flat)]
        if not any(p[2] == 1 for p in pool):
            pool += [(s, e, 1, ("county", name)) for s, e, name in unlisted_counties(flat)]
        pool += [(c.start, c.end, 2 + c.rank, c) for c in names]
        pool = self._trimmed(pool)
        taken = [False] * len(flat)
        chosen: list[tuple[int, int, object]] = []
        for start, end, _, payload in sorted(pool, key=lambda p: (p[0] - p[1], p[2], p[0])):
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                chosen.append((start, end, payload))
        spans = {(s, e) for s, e, _ in chosen}
        inside: dict[tuple[int, int], Candidate] = {}
        for c in names:
            if (
                c.inner
                and (c.start, c.end) not in spans
                and any(
                    s <= c.start and c.end <= e and isinstance(p, Candidate) for s, e, p in chosen
                )
            ):
                inside.setdefault((c.start, c.end), c)
        self.found = self._build(chosen, [(s, e, c) for (s, e), c in inside.items()])
        return self.found

    def _known(self) -> list[Mention]:
        found = []
        for hit in self.lexicon.hits(self.text.flat):
            entities = [self._entity(t, hit.start, hit.end) for t in hit.terms if t.is_entity]
            if entities:
                found.append(Mention(hit.start, hit.end, entities[0], tuple(entities[1:])))
        return found

    def _entity(self, term: Term, start: int, end: int) -> Entity:
        return self.entities.get(term.iri) or Entity(
            term.iri, term.cls, term.zh or "", True, (start, end), 0.95, term.en, level=term.level
        )

    def _trimmed(
        self, pool: list[tuple[int, int, int, object]]
    ) -> list[tuple[int, int, int, object]]:
        """New names cut to the name of their class they hold, where the words around it
        explain nothing (no head, no place, no level)."""
        flat = self.text.flat
        written: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for s, e, _, payload in pool:
            cls = payload.cls if isinstance(payload, Mention | Candidate) else AK.Region
            written[cls][flat[s:e]].append(s)
        region_starts = {s for s, _, rank, _ in pool if rank == 1}
        kept = []
        for s, e, rank, payload in pool:
            if isinstance(payload, Candidate):
                name = flat[s:e]
                for other, starts in sorted(written[payload.cls].items(), key=lambda w: -len(w[0])):
                    if other == name or len(plain(other)) < 3 or other not in name:
                        continue
                    if all(s <= at < e for at in starts):
                        continue  # written only here: no evidence the words around are not its
                    at = name.find(other)
                    rest = name[:at] + name[at + len(other) :]
                    if (len(rest) <= 4 and head_of("xx" + rest) is None and s not in region_starts
                            and not any(rest.startswith(w) for w in PATTERNS.names.title_levels)
                            and (at == 0 or at + len(other) == len(name))):  # fmt: skip
                        s, e = s + at, s + at + len(other)
                        payload = Candidate(s, e, payload.cls, payload.confidence, payload.rank)
                        break
            kept.append((s, e, rank, payload))
        return kept

    # ---- entities ----

    def _build(
        self, chosen: list[tuple[int, int, object]], inside: list[tuple[int, int, Candidate]]
    ) -> list[Mention]:
        flat = self.text.flat
        found: list[Mention] = []
        new: list[tuple[int, int, Candidate, bool]] = []
        for start, end, payload in chosen:
            if isinstance(payload, Mention):
                found.append(payload)
            elif isinstance(payload, Candidate):
                new.append((start, end, payload, False))
            else:
                kind, value = cast(tuple[str, object], payload)
                found.append(Mention(start, end, self._region(kind, value, start, end)))
        new += [(s, e, c, True) for s, e, c in inside]
        groups = _aliases([(flat[s:e], c.cls) for s, e, c, _ in new])
        for (start, end, candidate, nested), group in zip(new, groups, strict=True):
            entity = self._new_entity(group, candidate, start, end)
            found.append(Mention(start, end, entity, nested=nested))
        for mention in found:
            kept = self.entities.setdefault(mention.entity.iri, mention.entity)
            kept.names.add(flat[mention.start : mention.end])
            if mention.start < kept.first[0]:
                kept.first = (mention.start, mention.end)
        return sorted(found, key=lambda m: (m.start, m.nested))

    def _new_entity(
        self, group: tuple[str, str], candidate: Candidate, start: int, end: int
    ) -> Entity:
        label, cls = group
        for entity in self.entities.values():
            if not entity.known and entity.zh == label and entity.cls == cls:
                return entity
        iri = self._mint(label, cls)
        entity = Entity(iri, cls, label, False, (start, end), candidate.confidence, _english(label))
        entity.level = _level(label) if cls in (AK.Honour, AK.Platform, AK.ProjectList) else None
        if cls == AK.Honour:
            entity.honour_type = PREFIXES["honourtype"] + _honour_type(label)
        self.entities[iri] = entity
        return entity

    def _mint(self, label: str, cls: str) -> str:
        base = _KG + _slug(label)
        iri, n = base, 1
        suffix = cls.rsplit("#", 1)[-1].lower()
        while iri in self.reserved or iri in self.entities:
            iri = f"{base}-{suffix}" if n == 1 else f"{base}-{suffix}-{n}"
            n += 1
        return iri

    def _region(self, kind: str, value: object, start: int, end: int) -> Entity:
        flat = self.text.flat
        if kind == "county":
            name, rank, code = str(value), 2, None
        else:
            name, rank, code = value.name, value.rank, value.adcode  # type: ignore[attr-defined]
        term = known_region(self.lexicon, name, flat[start:end])
        if term is not None:
            return self._entity(term, start, end)
        iri, english, level = describe(name, rank)
        if iri in self.reserved:
            iri += "-region"
        label = name if name in flat else flat[start:end]
        confidence = 0.6 if kind == "county" else 0.8
        return self.entities.get(iri) or Entity(
            iri, AK.Region, label, False, (start, end), confidence, english, level=level, code=code
        )

    def add_subject_words(self, main: dict[str, Entity]) -> list[Mention]:
        """Mentions of the report's own region or park by words such as 全县 and 园区."""
        flat = self.text.flat
        taken = [False] * len(flat)
        for m in self.found:
            if not m.nested:
                taken[m.start : m.end] = [True] * (m.end - m.start)
        for word, cls in PATTERNS.subject_words.items():
            entity = main.get(getattr(AK, cls))
            if entity is None:
                continue
            for match in re.finditer(re.escape(word), flat):
                if not any(taken[match.start() : match.end()]):
                    self.found.append(Mention(match.start(), match.end(), entity))
        self.found.sort(key=lambda m: (m.start, m.nested))
        return self.found


def _aliases(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """For each (name, class), the (label, class) of its entity: the longest of its variants."""
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [(plain(n), cls) for n, cls in names]
    for i, (a, cls) in enumerate(keys):
        for j in range(i):
            b, other = keys[j]
            if cls == other and (a == b or _variant(a, b) or _variant(b, a)):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        groups[root(i)].append(i)
    label = {}
    for members in groups.values():
        longest = max((names[i][0] for i in members), key=lambda n: (len(plain(n)), -len(n)))
        for i in members:
            label[i] = (longest, names[i][1])
    return [label[i] for i in range(len(names))]


def _variant(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` abbreviated: less its batch, region, level or own head,
    or a subsequence of it that ends alike."""
    if len(short) >= len(long) or len(short) < 3:
        return False
    if _BATCH.sub("", long) == short:
        return True
    core = _core(long)
    if core != long and (core == _core(short)) and ("“" in core or len(core) >= 4):
        return True
    head = head_of(long)
    if head is not None and long[: -len(head[0])] == short:
        return True
    if short[-1] != long[-1] or len(short) < 4 or long.startswith(short):
        return False  # a name's first words are its parent (中国信通院 of 中国信通院江西研究院)
    rest = iter(long)
    return all(ch in rest for ch in short)


def _core(name: str) -> str:
    """A name less the region or level words it begins with."""
    name = _PROVINCE.sub("", name)
    for word in sorted([*PATTERNS.names.title_levels, "市", "县"], key=len, reverse=True):
        if name.startswith(word) and len(name) > len(word) + 2:
            return name[len(word) :]
    return name


def _level(name: str) -> str | None:
    if _PROVINCE.match(name):
        return _LEVEL + "provincial"
    for word in sorted(_LEVELS, key=len, reverse=True):
        if name.startswith(word):
            return _LEVEL + _LEVELS[word]
    return None


def _honour_type(name: str) -> str:
    core = name.rstrip("”")
    for word, kind in sorted(PATTERNS.honour_types.items(), key=lambda p: -len(p[0])):
        if core.endswith(word):
            return kind
    if _PROVINCE.match(name):
        return "provincial-title"
    for word, kind in sorted(PATTERNS.honour_levels.items(), key=lambda p: -len(p[0])):
        if name.startswith(word):
            return kind
    return "title"


def _slug(name: str) -> str:
    from pypinyin import lazy_pinyin

    words = [w.lower() for w in lazy_pinyin(plain(name)) if re.fullmatch(r"[A-Za-z0-9]+", w)]
    return "-".join(words)[:80].strip("-") or "entity"


def _english(name: str) -> str | None:
    """An English label composed from the glossary, when every part of the name is in it."""
    glossary = PATTERNS.glossary
    words, rest = [], plain(name)
    while rest:
        part = next(
            (w for w in sorted(glossary, key=len, reverse=True) if rest.startswith(w)), None
        )
        if part is None:
            return None
        words.append(glossary[part])
        rest = rest[len(part) :]
    text = " ".join(words)
    return text[0].upper() + text[1:]
