"""New names: entities no dictionary holds, found by rules for the language of such reports.

Every word the rules use is data (``patterns.toml``: ``[[heads]]`` and ``[names]``):

1. head-final names: a stretch that ends with a head (集团, 项目, 研究院, 行动计划, 之乡 …) and
   begins after its clause's delimiter, the last governing verb (实施, 推进, 获评 …) or
   function word (了, 由, 在 …), and the words ``jieba`` tags as verbs, adverbs, numbers … at
   its start; a name that ends inside a quote begins at the quote (“3210”行动计划);
2. quoted names: a quote that holds a head (“五大战略”), is a policy idiom (“一企一案”), names a
   brand before a brand honour (“安义门窗”集体商标), or is followed by 的 and a head
   (“项目为王”的理念); adjacent quotes before a head share it (“A”“B”改革: A and B);
3. list items: ``A、B、C等<class noun>`` gives its items the class of the noun (等科创平台:
   platforms), over their own heads for nouns that define a kind (项目, 称号 …) and to quoted
   items only for the others (举措, 行动 …); so do class nouns in apposition (行业龙头A、B、C);
4. enterprise names, [region] 字号 trade (江西省工投铝业, 安达电子), the 字号 a rare word; and
   the organisation a name begins with (华为(南昌)…, 中国建科院…检测中心, 金德锂 + 碳酸锂);
5. enterprise titles: a level word … 企业/工厂/冠军 (省级专业化“小巨人”企业), and the items
   listed with them;
6. goals: the object of 打造/拼争 … that opens with a scope word (打造全省…试验区).

Each :class:`Candidate` is a class at flat offsets; :mod:`.mentions` chooses among them.
"""

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


class Names:
    """The candidates of new names in a text."""

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

    def find(self) -> list[Candidate]:
        for sentence in self.text.sentences:
            self._lists(sentence)
        for sentence in self.text.sentences:
            self._headed(sentence)
            self._quoted(sentence)
            self._goals(sentence)
        self._enterprises()
        return [c for c in self.found if c.start not in self.categories]

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

    # ---- 1. names that end with a head ----

    def _bounds(self, sentence: Piece) -> list[int]:
        """The delimiters of a sentence outside its quotes."""
        found = [sentence.start]
        for match in _DELIMITER.finditer(self.flat, sentence.start, sentence.end):
            if _outside_quotes(self.flat, sentence.start, match.start()):
                found.append(match.end())
        return [*found, sentence.end]

    def _headed(self, sentence: Piece) -> None:
        bounds = self._bounds(sentence)
        for k in range(len(bounds) - 1):
            left, end = bounds[k], bounds[k + 1]
            while end > left:
                found = self._last_head(left, end)
                if found is None:
                    break
                head_end, word, cls = found
                begin = left
                if cls == AK.PublicBody and k and self.flat[left - 1] == "和":
                    begin = bounds[k - 1]  # 科技和工业信息化局: 和 inside a body's name
                start = self._coordinated(self.name_start(begin, head_end, len(word)))
                start = self._characterised(start)
                if head_end - start >= self.n.min_length:
                    self._add(start, head_end, cls, 0.6)
                    self._inner(start, head_end, cls, len(word))
                end = min(start, head_end - len(word))
                if self.flat[end - 1 : end] in ("“", "”"):
                    break

    def _last_head(
        self, left: int, right: int, least: int | None = None
    ) -> tuple[int, str, str] | None:
        """The end, word and class of the head that ends latest in ``flat[left:right]`` at a
        word's end (a one-character head also begins a word), the longest there."""
        best: tuple[int, int, str, str] | None = None
        for word, cls in _heads():
            at = self.flat.rfind(word, left, right)
            while at >= 0:
                end = at + len(word)
                if end < right and self.flat[end] == "”":
                    end += 1
                whole = end in self._ends or end == right or self._counted(end)
                if len(word) == 1:
                    whole = whole and at in self._starts
                before = self.n.min_before_head if least is None else least
                if at - left >= before and whole:
                    if best is None or (end, len(word)) > best[:2]:
                        best = (end, len(word), word, cls)
                    break
                at = self.flat.rfind(word, left, at + len(word) - 1)
        return (best[0], best[2], best[3]) if best else None

    def _counted(self, end: int) -> bool:
        """Whether ``end`` is inside a vocabulary word that counts what ends there
        (国家高新技术企业|总量: an indicator's label holds the name of what it counts)."""
        for token in self.tokens:
            if token.start < end < token.end:
                rest = self.flat[end : token.end]
                return token.word in self.lexicon.by_name and rest in self.n.counting_words
        return False

    def name_start(self, left: int, end: int, head: int = 0) -> int:  # noqa: C901
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
            elif (token.tag.startswith(("v", "vn")) and token.start > left and flat[token.start - 1] == "”"
                  and token.end <= end - head):  # fmt: skip
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
            token = self._starts.get(start)
            if (not governed and token is not None and token.tag.startswith(_STOP_TAGS)
                    and token.tag != "vn" and "“" not in token.word and token.end < end - 1):  # fmt: skip
                start, moved = token.end, True
            elif token is not None and token.word in ("了", "着", "起", "出"):
                start, moved = token.end, True
        shared = flat.rfind("”“", start, end)
        if shared >= 0 and flat.find("”", shared + 1) in (end - head - 1, end - 1):
            start = shared + 1  # “A”“B”改革: the last quote and the head; A is found apart
        opening = flat.rfind("“", left, start)
        if flat.count("”", start, end) > flat.count("“", start, end) and opening >= 0:
            start = opening
        bracket = flat.rfind("(", left, start)
        if flat.count(")", start, end) > flat.count("(", start, end) and bracket >= 0:
            word = self._ends.get(bracket)
            start = word.start if word is not None and word.start >= left else bracket
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

    def _inner(self, start: int, end: int, cls: str, head: int) -> None:
        """The organisation a name begins with: before a bracketed place (华为(南昌)…), an
        institute (…院), a strategy before a plan; a project's company before its product."""
        name = self.flat[start:end]
        bracket = re.match(rf"([{_CJK}]{{2,8}})[(（][{_CJK}]{{2,6}}[)）]", name)
        if bracket:
            words = self._tokens_in(start, start + bracket.end(1))
            if words and not any(t.tag.startswith(("f", "ns")) for t in words):
                own = head_of(bracket.group(1))
                self._add(
                    start, start + bracket.end(1), own[1] if own else AK.Company, 0.5, 4, True
                )
        for word, inner_cls in self.n.inner_heads.items():
            at = name.find(word, 2)
            if 0 < at and at + len(word) <= len(name) - head - 1:
                self._add(start, start + at + len(word), getattr(AK, inner_cls), 0.5, 4, True)
        if cls == AK.InvestmentProject:
            product = self._ends.get(end)
            if product and product.word in self.lexicon.by_name and product.start - start >= 2:
                self._add(start, product.start, AK.Company, 0.45, 4, True)

    # ---- 2. quoted names ----

    def _quoted(self, sentence: Piece) -> None:
        flat = self.flat
        for match in _QUOTE.finditer(flat, sentence.start, sentence.end):
            inside, start, end = match.group(1), match.start(), match.end()
            after = flat[end : end + 8]
            own = self._own_head(start + 1, end - 1)
            following = self._starts.get(end)
            if flat.startswith("“", end) or flat[start - 1 : start] == "”":
                self._shared_head(sentence, start, end)
            elif own is not None and (following is None or not following.tag.startswith("n")):
                self._add(self._prefix(sentence.start, start), end, own, 0.6, 2)
            elif re.fullmatch(self.n.idiom, inside):
                self._add(start, end, AK.Mechanism, 0.5, 2)
            elif after.startswith("的"):
                for word, cls in _heads():
                    close = end + 1 + len(word)
                    following = self._starts.get(close)
                    if (after.startswith(word, 1) and len(word) >= 2 and close in self._ends
                            and (following is None or not following.tag.startswith("n"))):  # fmt: skip
                        self._add(start, close, cls, 0.5, 2)
                        break
            elif any(after.startswith(w) for w in (*self.n.brand_verbs, *self.n.brand_heads)):
                self._add(start, end, AK.Brand, 0.5, 2)

    def _own_head(self, start: int, end: int) -> str | None:
        """The class of the head that ends ``flat[start:end]`` at a word (a one-character head
        also beginning one: 链长/制, not 体制)."""
        own = head_of(self.flat[start:end])
        if own is None or (len(own[0]) == 1 and end - 1 not in self._starts and end - start > 4):
            return None
        return own[1]

    def _shared_head(self, sentence: Piece, start: int, end: int) -> None:
        """Adjacent quotes: “A”“B”改革, a head right after the last, makes each quote one;
        “A”“B”奖惩机制, a head with words of its own, one name of them all."""
        flat = self.flat
        first, last = start, end
        while first > sentence.start and flat[first - 1] == "”":
            opening = flat.rfind("“", sentence.start, first - 1)
            if opening < 0:
                break
            first = opening
        while flat.startswith("“", last):
            closing = flat.find("”", last + 1, sentence.end)
            if closing < 0:
                break
            last = closing + 1
        if start != first:
            return  # the run is read once, at its first quote
        found = self._last_head(last, min(sentence.end, last + 8), 0) if first < last - 1 else None
        if found is None or _DELIMITER.search(flat, last, found[0] - len(found[1])):
            for match in _QUOTE.finditer(flat, first, last):
                own = self._own_head(match.start() + 1, match.end() - 1)
                if own is not None:
                    self._add(match.start(), match.end(), own, 0.5, 2)
            return
        head_end, word, cls = found
        if head_end - len(word) == last:
            for match in _QUOTE.finditer(flat, first, last):
                self._add(match.start(), match.end() + (len(word) if match.end() == last else 0),
                          cls, 0.5, 2)  # fmt: skip
        else:
            self._add(first, head_end, cls, 0.55, 2)

    def _prefix(self, left: int, start: int) -> int:
        """Where the words before a quoted name that belong to it begin (江西省“1269”…,
        产业链“链长制”): places and nouns of two or more characters."""
        begin = start
        for token in reversed(self._tokens_in(left, start)):
            if token.end != begin or len(token.word) < 2 or token.tag not in ("n", "ns", "nz"):
                break
            if token.word in self.n.governing or token.word in self.n.generic:
                break
            begin = token.start
        return begin

    # ---- 3. lists ----

    def _lists(self, sentence: Piece) -> None:
        flat = self.flat
        for at in range(sentence.start, sentence.end):
            if flat[at] != "等" or not _outside_quotes(flat, sentence.start, at):
                continue
            kind = self._class_noun(at + 1, sentence.end)
            start = self._list_start(sentence.start, at)
            if kind is not None:
                self.categories.add(at + 1)
                self._items(start, at, *kind)
            else:
                self._titles(start, at)
        for word, cls in self.n.apposition.items():
            for match in re.finditer(re.escape(word), flat[sentence.start : sentence.end]):
                start = stop = sentence.start + match.end()
                if flat[start : start + 1] in ("、", "", *_CLAUSE):
                    continue
                for token in self._tokens_in(start, sentence.end):
                    if token.tag.startswith(("v", "d", "uj", "p")) or token.word in (
                        *_CLAUSE,
                        "等",
                    ):
                        break
                    stop = token.end
                if stop > start:
                    self._items(start, stop, getattr(AK, cls), True)

    def _class_noun(self, start: int, stop: int) -> tuple[str, bool] | None:
        """The class that the noun after 等 gives its list, and whether over the items' own
        heads: the first class noun of the phrase that a word other than a noun follows."""
        end = next((i for i in range(start, stop) if self.flat[i] in _CLAUSE), stop)
        phrase = self.flat[start:end]
        types = sorted(self.n.list_types.items(), key=lambda p: -len(p[0]))
        for i in range(1, len(phrase) + 1):
            after = self._starts.get(start + i)
            if i < len(phrase) and (after is None or after.tag.startswith("n")):
                continue
            for word, cls in types:
                if phrase[:i].rstrip("”").endswith(word):
                    return getattr(AK, cls), word in self.n.list_override
        return None

    def _list_start(self, left: int, at: int) -> int:
        flat = self.flat
        start = max([left, *(flat.rfind(c, left, at) + 1 for c in _CLAUSE)])
        joined = flat.rfind("以及", start, at)
        return joined + 2 if joined >= 0 else start

    def _pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The items of a list: split at 、 and between quotes, never inside a quote."""
        cuts, flat = [start], self.flat
        for i in range(start, end):
            if not _outside_quotes(flat, start, i):
                continue
            if flat[i] == "、" or flat.startswith("和", i) or flat.startswith("及", i):
                cuts += [i, i + 1]
            elif flat.startswith("”“", i - 1) and i > start:
                cuts += [i, i]
        cuts.append(end)
        return [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]

    def _items(self, start: int, end: int, cls: str, override: bool) -> None:
        flat = self.flat
        for i, (a, b) in enumerate(self._pieces(start, end)):
            a = self.name_start(a, b) if i == 0 else a
            years = _YEARS.match(flat, a, b)
            a = years.end() if years else a
            name = flat[a:b]
            quoted = name.startswith("“") and name.endswith("”")
            if len(plain(name)) < (2 if quoted else 3) or _has_value(name):
                continue
            if plain(name) in self.lexicon.by_name:
                continue
            own = head_of(name)
            if own is None and not quoted and not override:
                continue
            chosen = cls if override or own is None else own[1]
            self._add(a, b, chosen, 0.55 if own else 0.5, 1)
            self._inner(a, b, chosen, len(own[0]) if own else 0)

    def _titles(self, start: int, end: int) -> None:
        """A list of enterprise titles (国家级专精特新企业、…、“两化融合”贯标企业): the items
        without a level take the class of those with one."""
        pieces = self._pieces(start, end)
        titled = [p for p in pieces if self._title(*p, level=True)]
        if len(titled) * 2 < len(pieces):
            return
        for i, (a, b) in enumerate(pieces):
            a = self.name_start(a, b) if i == 0 else a
            if self._title(a, b, level=False):
                self.found.append(Candidate(a, b, AK.Honour, 0.5, 1))

    def _title(self, a: int, b: int, level: bool) -> bool:
        name = plain(self.flat[a:b])
        if _has_value(name) or not any(name.endswith(w) for w in self.n.enterprise_titles):
            return False
        return not level or _has_level(name, self.n.title_levels)

    # ---- 4. enterprises; 6. goals ----

    @cached_property
    def _trades(self) -> re.Pattern[str]:
        words = "|".join(sorted(map(re.escape, self.n.company_trades), key=len, reverse=True))
        return re.compile(words)

    def _enterprises(self) -> None:
        frequency = self.tokenizer.tokenizer.FREQ
        for match in self._trades.finditer(self.flat):
            start, end = match.start() - 2, match.end()
            brand = self.flat[start : match.start()]
            if start < 0 or not re.fullmatch(rf"[{_CJK}]{{2}}", brand) or end not in self._ends:
                continue
            if (frequency.get(brand, 0) >= self.n.brand_max_frequency or start not in self._starts
                    or re.search("[县市省区]", brand)):  # fmt: skip
                continue
            before = self._ends.get(start)
            if before is not None and before.tag == "ns" and len(before.word) >= 2:
                start = before.start
            if plain(self.flat[start:end]) not in self.lexicon.by_name:
                self._add(start, end, AK.Company, 0.5, 4, True)

    def _goals(self, sentence: Piece) -> None:
        flat = self.flat
        for verb in self.n.goal_verbs:
            for match in re.finditer(re.escape(verb), flat[sentence.start : sentence.end]):
                start = sentence.start + match.end()
                quoted = _QUOTE.match(flat, start)
                if quoted:
                    if head_of(quoted.group(1)) is None:
                        self._add(start, quoted.end(), AK.Strategy, 0.5, 0)
                    continue
                if not any(flat.startswith(w, start) for w in self.n.scope_words):
                    continue
                stop = next((b for b in self._bounds(sentence) if b > start + 2), sentence.end)
                for word in sorted(self.n.goal_heads, key=len, reverse=True):
                    at = flat.rfind(word, start, stop)
                    if at >= 0:
                        close = at + len(word) + flat.startswith("”", at + len(word))
                        self._add(start, close, AK.Strategy, 0.5, 0)
                        break

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
        if not before or before in self.lexicon.by_name and cls != AK.IndustrialCluster:
            return True
        if before in {w for w, _ in _heads()}:
            return True
        if cls == AK.InvestmentProject and len(before) < 3:
            return True
        return False


def _outside_quotes(flat: str, left: int, at: int) -> bool:
    return flat.count("“", left, at) == flat.count("”", left, at)


def _has_level(name: str, levels: list[str]) -> bool:
    return bool(re.match(rf"[{_CJK}]{{2,3}}省", name)) or any(name.startswith(w) for w in levels)


def _has_value(name: str) -> bool:
    """Whether a name holds a value (a number, a unit, 以上): a description, not a name."""
    return bool(re.search(r"亿元|万元|以上|以下|以内", name))
