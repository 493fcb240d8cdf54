"""Entity mentions: names the dictionary knows, regions (``cpca``), and new names by their heads.

Three passes over the flat text, longest mention first where they overlap:

1. the :class:`~anyi_kg.extract.lexicon.Lexicon` automaton: a name of the graph, linked to its IRI;
2. ``cpca``'s own matcher over its table of administrative divisions: a region with its GB/T 2260
   code, kept where the report writes the full name (安义县) or a short name whose full name it
   also writes, or a province's short name (江西);
3. new names: a stretch between list delimiters (、 等 和 …) that ends with a head of
   ``patterns.toml`` (集团, 项目, 研究院, 行动计划 …), after the verb or lead-in that opens it
   (``jieba``'s part-of-speech tags drop a leading verb, adverb or preposition); quoted items of a
   list take the class of the noun after 等 (“政商产业贷”“科贷通”等金融工具).
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

with warnings.catch_warnings():  # both read their data through setuptools' pkg_resources
    warnings.simplefilter("ignore")
    import cpca
    import jieba
    import jieba.posseg

from ..graph.iris import AK, PREFIXES
from .lexicon import Lexicon, Term, plain
from .patterns import PATTERNS
from .text import Piece, Text

_KG = PREFIXES["kg"]
_LEVEL = PREFIXES["level"]
_RANK_LEVEL = ("provincial", "municipal", "county")
_DELIMITER = re.compile(r"[、,，。；;：:！？!?\n]|等|以及|和|与|及|的|(?<=”)(?=“)")
_QUOTED = re.compile(r"“[^“”]{1,20}”")
_STOP_TAGS = ("v", "d", "p", "c", "u", "r", "t", "ad", "vd", "ul", "uj", "q", "m")
_KEPT_TAGS = ("vn",)


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


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity
    alternatives: tuple[Entity, ...] = ()

    @property
    def cls(self) -> str:
        return self.entity.cls


@cache
def _tokenizer(words: frozenset[str]) -> jieba.posseg.POSTokenizer:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for word in sorted(words):
        tokenizer.add_word(word, 20000, "nz")
    return jieba.posseg.POSTokenizer(tokenizer)


class Mentions:
    """Finds the mentions of a text and keeps one :class:`Entity` per IRI."""

    def __init__(self, text: Text, lexicon: Lexicon) -> None:
        self.text = text
        self.lexicon = lexicon
        self.entities: dict[str, Entity] = {}
        words = frozenset(n for t in lexicon.terms.values() for n in t.names if len(n) > 1) | {
            w for head in PATTERNS.heads for w in head.words if len(w) > 1
        }
        self.tokenizer = _tokenizer(words)
        self.found: list[Mention] = []

    def find(self) -> list[Mention]:
        flat = self.text.flat
        taken = [False] * len(flat)
        chosen: list[Mention] = []
        for candidates in (self._known(), self._regions(), self._new()):
            for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
                if not any(taken[mention.start : mention.end]):
                    taken[mention.start : mention.end] = [True] * (mention.end - mention.start)
                    chosen.append(mention)
                    self._keep(mention)
        self.found = sorted(chosen, key=lambda m: m.start)
        return self.found

    def add_subject_words(self, main: dict[str, Entity]) -> list[Mention]:
        """Mentions of the report's own region or park by words such as 全县 and 园区."""
        flat = self.text.flat
        taken = [False] * len(flat)
        for m in self.found:
            taken[m.start : m.end] = [True] * (m.end - m.start)
        for word, cls in PATTERNS.subject_words.items():
            entity = main.get(getattr(AK, cls))
            if entity is None:
                continue
            for match in re.finditer(re.escape(word), flat):
                if not any(taken[match.start() : match.end()]):
                    self.found.append(Mention(match.start(), match.end(), entity))
        self.found.sort(key=lambda m: m.start)
        return self.found

    def _keep(self, mention: Mention) -> None:
        entity = mention.entity
        kept = self.entities.setdefault(entity.iri, entity)
        kept.names.add(self.text.flat[mention.start : mention.end])
        if mention.start < kept.first[0]:
            kept.first = (mention.start, mention.end)

    def _entity(self, term: Term, start: int, end: int) -> Entity:
        return self.entities.get(term.iri) or Entity(
            term.iri, term.cls, term.zh or "", True, (start, end), 0.95, term.en, level=term.level
        )

    def _known(self) -> list[Mention]:
        found = []
        for hit in self.lexicon.hits(self.text.flat):
            entities = [self._entity(t, hit.start, hit.end) for t in hit.terms if t.is_entity]
            if entities:
                found.append(Mention(hit.start, hit.end, entities[0], tuple(entities[1:])))
        return found

    # ---- regions ----

    def _regions(self) -> list[Mention]:
        flat = self.text.flat
        matches = [
            (m.start_index, m.end_index + 1, m.origin_value, m.attr_infos)
            for m in cpca.matcher.iter(flat)
        ]
        written = {value for _, _, value, _ in matches}
        counts = Counter(
            info.adcode for _, _, value, infos in matches for info in infos if value == info.name
        )
        provinces_named = {i.adcode[:2] for _, _, v, infos in matches for i in infos
                           if v == i.name and len(v) >= 3}  # fmt: skip
        found = []
        for start, end, value, infos in matches:
            if len(value) < 2:
                continue
            if len(value) < 3:
                infos = [i for i in infos if i.rank == 0 or i.adcode[:2] in provinces_named]
                if not infos:
                    continue
            full = [i for i in infos if i.name == value]
            if full:
                info = full[0]
            else:
                present = [i for i in infos if i.name in written]
                provinces = [i for i in infos if i.rank == 0]
                if not (present or provinces):
                    continue
                info = (present or provinces)[0]
            if len(infos) > 1:
                info = max(infos, key=lambda i: (counts[i.adcode], i is info))
            found.append(Mention(start, end, self._region(info, start, end, written)))
        if not found:
            found = self._unlisted_counties()
        return found

    def _unlisted_counties(self) -> list[Mention]:
        """A county that ``cpca``'s table lacks: a two-character name + 县, written twice or more
        (the made-up counties of tests, or one newer than the table)."""
        flat = self.text.flat
        names = Counter(
            m.group() for m in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2}县", flat)
        )
        found = []
        for name, count in names.items():
            if count < 2:
                continue
            iri = f"{_KG}{_pinyin(name[:-1])}-county"
            for match in re.finditer(re.escape(name), flat):
                entity = self.entities.get(iri) or Entity(
                    iri, AK.Region, name, False, (match.start(), match.end()), 0.6,
                    f"{_pinyin(name[:-1]).title()} County", level=_LEVEL + "county",
                )  # fmt: skip
                self.entities.setdefault(iri, entity)
                found.append(Mention(match.start(), match.end(), self.entities[iri]))
        return found

    def _region(self, info: object, start: int, end: int, written: set[str]) -> Entity:
        name: str = info.name  # type: ignore[attr-defined]
        known = self.lexicon.by_name.get(name) or self.lexicon.by_name.get(
            self.text.flat[start:end]
        )
        region = next((t for t in known or () if AK.Region in t.classes), None)
        if region is not None:
            return self._entity(region, start, end)
        rank: int = info.rank  # type: ignore[attr-defined]
        label = name if name in written else self.text.flat[start:end]
        tier = _tier(name, rank)
        short = re.sub(r"(省|市|县|区|自治区|自治州)$", "", name) or name
        slug = f"{_pinyin(short)}-{tier}"
        existing = self.entities.get(_KG + slug)
        if existing is not None:
            return existing
        english = f"{_pinyin(short).title()} {PATTERNS.region_words[tier]}"
        return Entity(
            _KG + slug, AK.Region, label, False, (start, end), 0.8, english,
            level=_LEVEL + _RANK_LEVEL[rank], code=info.adcode,  # type: ignore[attr-defined]
        )  # fmt: skip

    # ---- new names ----

    def _new(self) -> list[Mention]:
        found: list[Mention] = []
        for sentence in self.text.sentences:
            found.extend(self._names_in(sentence))
        return found

    def _names_in(self, sentence: Piece) -> list[Mention]:
        flat = self.text.flat
        found = []
        bounds = [sentence.start]
        bounds += [m.end() + sentence.start for m in _DELIMITER.finditer(sentence.text)]
        bounds.append(sentence.end)
        for left, right in itertools.pairwise(bounds):
            segment = flat[left:right].rstrip("、,，。；;：:！？!?\n")
            while segment:
                head = _head(segment)
                if head is None:
                    break
                cls, head_end = head
                start = self._name_start(left, left + head_end)
                if start is not None:
                    mention = self._new_mention(start, left + head_end, cls)
                    if mention is not None:
                        found.append(mention)
                segment = segment[: (start - left) if start is not None else head_end - 1]
        found.extend(self._quoted_items(sentence))
        return found

    def _name_start(self, left: int, right: int) -> int | None:
        """Where a name ending at ``right`` begins: after the last word that cannot be part of
        it (a verb, adverb, preposition, number … by ``jieba``'s tags, or a lead-in word), or
        ``None`` where the head does not end a word."""
        segment = self.text.flat[left:right]
        tokens = list(
            self.tokenizer.cut(self.text.flat[left : min(right + 4, len(self.text.flat))])
        )
        ends, position = [], 0
        for word, _ in tokens:
            position += len(word)
            ends.append(position)
        if len(segment) not in ends:
            return None
        start, position = 0, 0
        for word, tag in tokens:
            if position + len(word) > len(segment):
                break
            if tag.startswith(_STOP_TAGS) and not tag.startswith(_KEPT_TAGS) and "“" not in word:
                start = position + len(word)
            position += len(word)
        moved = True
        while moved:
            moved = False
            for word in PATTERNS.lead_in:
                if segment.startswith(word, start) and len(segment) - start - len(word) >= 2:
                    start += len(word)
                    moved = True
        return left + start

    def _new_mention(
        self, start: int, end: int, cls: str, confidence: float = 0.6
    ) -> Mention | None:
        name = self.text.flat[start:end]
        if name.count("”") > name.count("“"):  # the name began inside a quote: take it whole
            opening = self.text.flat.rfind("“", 0, start)
            if opening < 0 or start - opening > 20:
                return None
            start, name = opening, self.text.flat[opening:end]
        if len(plain(name)) < PATTERNS.min_name_length or _is_generic(name, self.lexicon):
            return None
        iri = _KG + _slug(name)
        entity = self.entities.get(iri) or Entity(
            iri, getattr(AK, cls), name, False, (start, end), confidence, _english(name)
        )
        return Mention(start, end, entity)

    def _quoted_items(self, sentence: Piece) -> list[Mention]:
        """Quoted names listed before 等 and a noun that gives their class."""
        found = []
        for match in re.finditer(r"((?:“[^“”]{1,20}”、?)+)等([^,，。；;]{0,12})", sentence.text):
            kind = next(
                (c for w, c in sorted(PATTERNS.list_types.items(), key=lambda x: -len(x[0]))
                 if match.group(2).startswith(w) or match.group(2).endswith(w)),
                None,
            )  # fmt: skip
            if kind is None:
                continue
            for item in _QUOTED.finditer(match.group(1)):
                start = sentence.start + match.start(1) + item.start()
                head = _head(item.group())
                mention = self._new_mention(
                    start, start + len(item.group()), head[0] if head else kind, 0.5
                )
                if mention is not None:
                    found.append(mention)
        return found


def _triggers() -> list[str]:
    verbs = PATTERNS.verbs
    words = [w for key, value in verbs.items() if isinstance(value, list) and key != "retained"
             for w in value]  # fmt: skip
    return sorted(set(words), key=len, reverse=True)


def _head(segment: str) -> tuple[str, int] | None:
    """The class and end of the head word that ends latest in ``segment`` (the longest there)."""
    best: tuple[int, int, str] | None = None
    for head in PATTERNS.heads:
        for word in head.words:
            at = segment.rfind(word)
            if at < PATTERNS.min_before_head:
                continue
            end = at + len(word)
            if segment.startswith("”", end):
                end += 1
            if best is None or (end, len(word)) > best[:2]:
                best = (end, len(word), head.cls)
    return (best[2], best[0]) if best else None


def _is_generic(name: str, lexicon: Lexicon) -> bool:
    """A common noun, not a name: a vocabulary label with a head, or a generic modifier."""
    core = plain(name)
    if core in PATTERNS.lead_in or any(core.startswith(word) for word in PATTERNS.generic):
        return True
    for head in PATTERNS.heads:
        for word in head.words:
            if core.endswith(plain(word)):
                before = core[: -len(plain(word))]
                named = lexicon.by_name.get(before, ())
                if not before or any(not t.is_entity for t in named):
                    return True
    return False


def _tier(name: str, rank: int) -> str:
    if rank == 0:
        return "province"
    if rank == 1:
        return "city"
    return "district" if name.endswith("区") else ("city" if name.endswith("市") else "county")


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


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
