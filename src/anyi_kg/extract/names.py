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
from functools import cached_property

from ..graph.iris import AK
from .lexicon import plain
from .name_base import (
    _CJK,
    _CLAUSE,
    _DELIMITER,
    _QUOTE,
    _YEARS,
    Candidate,
    NameBase,
    _has_level,
    _has_value,
    _heads,
    _outside_quotes,
    head_of,
)
from .text import Piece


class Names(NameBase):
    """The candidates of new names in a text."""

    def find(self) -> list[Candidate]:
        for sentence in self.text.sentences:
            self._lists(sentence)
        for sentence in self.text.sentences:
            self._headed(sentence)
            self._quoted(sentence)
            self._goals(sentence)
        self._enterprises()
        return [c for c in self.found if c.start not in self.categories]

    # ---- 1. names that end with a head ----

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
            if at > 0 and at + len(word) <= len(name) - head - 1:
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
                    open_end = following is None or not following.tag.startswith("n")
                    if (
                        after.startswith(word, 1)
                        and len(word) >= 2
                        and close in self._ends
                        and open_end
                    ):
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
