"""The ground of the name rules: words and tags of a text, candidates, heads, boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from ..graph.iris import AK
from .lexicon import Lexicon, plain
from .patterns import PATTERNS
from .text import Piece, Text

_CJK = r"\u4e00-\u9fff"
_DELIMITER = re.compile(r"[、,，。；;：:！？!?\n\s]|等|以及|和|与|及|的|并|或")
_QUOTE = re.compile(r"“([^“”]{1,24})”")
_STOP_TAGS = ("v", "d", "p", "c", "u", "r", "t", "m", "q", "f", "s", "y", "e", "o", "ad", "x")
_YEARS = re.compile(r"(?:(?:19|20)\d\d(?:[-—–~至到](?:19|20)\d\d)?年度?)+")
_CLAUSE = ",，。；;：:"


@dataclass(frozen=True)
class Candidate:
    """A new name at ``flat[start:end]`` of class ``cls``. ``rank`` orders candidates of one
    length (lower first); ``inner`` ones may stand inside another name."""

    start: int
    end: int
    cls: str
    confidence: float
    rank: int = 3
    inner: bool = False


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str
    tag: str


@cache
def _heads() -> list[tuple[str, str]]:
    """Every head word with its class, the longest first."""
    pairs = [(w, getattr(AK, h.cls)) for h in PATTERNS.heads for w in h.words]
    return sorted(pairs, key=lambda p: -len(p[0]))


def head_of(name: str) -> tuple[str, str] | None:
    """The head word that ``name`` ends with (a closing quote aside) and its class."""
    core = name.rstrip("”")
    for word, cls in _heads():
        if core.endswith(word) and len(plain(core)) > len(word):
            return word, cls
    return None


class NameBase:
    """A text's words and tags, and the boundaries and filters every name rule shares."""

    def __init__(self, text: Text, lexicon: Lexicon, tokenizer: Any) -> None:
        self.text = text
        self.flat = text.flat
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.n = PATTERNS.names
        self.found: list[Candidate] = []
        self.categories: set[int] = set()  # where the class noun after 等 begins

    @cached_property
    def tokens(self) -> list[Token]:
        """The text's words and their tags, sentence by sentence."""
        found = []
        for sentence in self.text.sentences:
            position = sentence.start
            for word, tag in self.tokenizer.cut(sentence.text):
                found.append(Token(position, position + len(word), word, tag))
                position += len(word)
        return found

    @cached_property
    def _starts(self) -> dict[int, Token]:
        return {t.start: t for t in self.tokens}

    @cached_property
    def _ends(self) -> dict[int, Token]:
        return {t.end: t for t in self.tokens}

    def _tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if start <= t.start and t.end <= end]

    def _add(self, start: int, end: int, cls: str, confidence: float, rank: int = 3,
             inner: bool = False) -> None:  # fmt: skip
        name = self.flat[start:end]
        if name.count("“") != name.count("”") or name.count("(") != name.count(")"):
            return
        for pattern, kind in self.n.kinds.items():
            if re.fullmatch(pattern, name):
                self.found.append(Candidate(start, end, getattr(AK, kind), confidence, rank, inner))
                return
        if re.fullmatch(rf"“[^”]+”(?:{'|'.join(self.n.brand_heads)})", name):
            return  # “安义门窗”集体商标: the brand, and a common noun
        if not self._generic(start, end, cls):
            self.found.append(Candidate(start, end, cls, confidence, rank, inner))

    def _bounds(self, sentence: Piece) -> list[int]:
        """The delimiters of a sentence outside its quotes."""
        found = [sentence.start]
        for match in _DELIMITER.finditer(self.flat, sentence.start, sentence.end):
            if _outside_quotes(self.flat, sentence.start, match.start()):
                found.append(match.end())
        return [*found, sentence.end]

    def _counted(self, end: int) -> bool:
        """Whether ``end`` is inside a vocabulary word that counts what ends there
        (国家高新技术企业|总量: an indicator's label holds the name of what it counts)."""
        for token in self.tokens:
            if token.start < end < token.end:
                rest = self.flat[end : token.end]
                return token.word in self.lexicon.by_name and rest in self.n.counting_words
        return False

    def name_start(self, left: int, end: int, head: int = 0) -> int:
        """Where a name ending at ``end`` begins: after the last governing verb or function
        word before its head, then after the words at its start that cannot begin a name (by
        jieba's tags, lead-in words, years); after adjacent quotes that share its head; at the
        opening quote if it ends inside one."""
        flat = self.flat
        start, governed = left, False
        for verb in self.n.governing:
            at = flat.rfind(verb, left, end - head)
            while at >= 0 and not self._governs(left, at, at + len(verb), end - head):
                at = flat.rfind(verb, left, at)
            if at >= 0 and at + len(verb) > start:
                start, governed = at + len(verb), True
        for token in self._tokens_in(start, end - head):
            if token.word in self.n.function_words and _outside_quotes(flat, left, token.start):
                start = token.end
            elif (
                token.tag.startswith(("v", "vn"))
                and token.start > left
                and flat[token.start - 1] == "”"
                and token.end <= end - head
            ):
                start = token.end  # “一产一策”优化…: a quote, then a verb
        moved = True
        while moved:
            moved = False
            years = _YEARS.match(flat, start, end)
            if years and years.end() > start:
                start, moved = years.end(), True
            for word in self.n.lead_in:
                if flat.startswith(word, start) and end - start - len(word) >= 2:
                    start, moved = start + len(word), True
            first = self._starts.get(start)
            stop = (
                not governed
                and first is not None
                and first.tag.startswith(_STOP_TAGS)
                and first.tag != "vn"
                and "“" not in first.word
                and first.end < end - 1
            )
            if first is not None and (stop or first.word in ("了", "着", "起", "出")):
                start, moved = first.end, True
        shared = flat.rfind("”“", start, end)
        if shared >= 0 and flat.find("”", shared + 1) in (end - head - 1, end - 1):
            start = shared + 1  # “A”“B”改革: the last quote and the head; A is found apart
        opening = flat.rfind("“", left, start)
        if flat.count("”", start, end) > flat.count("“", start, end) and opening >= 0:
            start = opening
        bracket = flat.rfind("(", left, start)
        if flat.count(")", start, end) > flat.count("(", start, end) and bracket >= 0:
            before = self._ends.get(bracket)
            start = before.start if before is not None and before.start >= left else bracket
        return start

    def _governs(self, left: int, start: int, end: int, head: int) -> bool:
        """Whether a governing verb at ``flat[start:end]`` governs a name that ends with a
        head at ``head``: whole words outside quotes, not a noun made of a verb (建设/vn in
        强县建设示范县), and, right before the head, not after a noun (重大项目推进专班)."""
        first = self._starts.get(start)
        if first is None or end not in self._ends or first.tag == "vn":
            return False
        if not _outside_quotes(self.flat, left, start):
            return False
        before = self._ends.get(start)
        return (
            head - end >= 2
            or before is None
            or before.start < left
            or not before.tag.startswith("n")
        )

    def _coordinated(self, start: int) -> int:
        """A name whose first word is a vocabulary label coordinated with the one before it
        (铝型材、纺织行业税收管理办法) begins at that one."""
        flat = self.flat
        if start < 2 or flat[start - 1] != "、":
            return start
        before = self._ends.get(start - 1)
        here = self._starts.get(start)
        if (
            before
            and here
            and before.word in self.lexicon.by_name
            and here.word in self.lexicon.by_name
        ):
            return before.start
        return start

    def _characterised(self, start: int) -> int:
        """以X为核心的Y: the name Y is characterised by X, which belongs to it."""
        if self.flat[start - 1 : start] != "的":
            return start
        match = re.search(rf"以[{_CJK}]{{2,8}}为(?:{'|'.join(self.n.characterised)})的$",
                          self.flat[max(0, start - 16) : start])  # fmt: skip
        return start - len(match.group()) if match else start

    def _generic(self, start: int, end: int, cls: str) -> bool:
        """A common noun, not a name: a vocabulary label; a head with only generic words or a
        head or vocabulary label before it (优质项目, 省级称号, 数字经济项目, 改革办法); after a
        quantifier (一批…); an enterprise title without a level."""
        core = plain(self.flat[start:end])
        back = self.flat[max(0, start - 12) : start]
        back = re.split(r"[、,，。；;：:\s]", back)[-1]
        if any(q in back for q in self.n.quantifiers):
            return True
        if any(core.startswith(q) for q in self.n.quantifiers) or _has_value(core):
            return True
        named = self.lexicon.by_name.get(core, ())
        if named and not named[0].is_entity:
            return True
        head = head_of(core)
        if (
            head
            and head[0] in self.n.enterprise_titles
            and not _has_level(core, self.n.title_levels)
        ):
            return True
        if head is None:
            return False
        before = core[: -len(head[0])]
        changed = True
        while before and changed:
            changed = False
            for word in self.n.generic:
                if before.startswith(word):
                    before, changed = before[len(word) :], True
                    break
        if not before or (before in self.lexicon.by_name and cls != AK.IndustrialCluster):
            return True
        if before in {w for w, _ in _heads()}:
            return True
        return cls == AK.InvestmentProject and len(before) < 3


def _outside_quotes(flat: str, left: int, at: int) -> bool:
    return flat.count("“", left, at) == flat.count("”", left, at)


def _has_level(name: str, levels: list[str]) -> bool:
    return bool(re.match(rf"[{_CJK}]{{2,3}}省", name)) or any(name.startswith(w) for w in levels)


def _has_value(name: str) -> bool:
    """Whether a name holds a value (a number, a unit, 以上): a description, not a name."""
    return bool(re.search(r"亿元|万元|以上|以下|以内", name))
