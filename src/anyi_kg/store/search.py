"""Finding entities by their names, in Chinese, English or pinyin.

A query matches a name on the name's token boundaries (:mod:`anyi_kg.graph.names`): the query
must be consecutive tokens of the name, the last perhaps cut short, so that it can be typed out.
Tokens are the characters of a Chinese name (``义县`` finds 安义县), the syllables of its
pinyin or their initials (``anyi``, ``anyix``, ``ayx``; never ``anyi`` inside ``chan yi``), the
words of any other name (``konka gr``), spelt British or American (``aluminum``). Hits are
ranked: the exact name, then names that start with the query, then names that contain it; a
label before another name, a name before its pinyin, a short name before a long one.

The index is SQLite's FTS5 (in the standard library), one row per form of a name: its tokens,
its spelling variants, its pinyin syllables and initials. Rows are numbered shortest first, so
that FTS5, which returns rows in that order, finds the closest names first and a query as
common as one character stops early. Readings are cut into syllables at query time against the
syllables the index holds (``xian`` is xian or xi an; both are asked).

All the index holds is in one SQLite database: in memory for a store in memory, or a file that
an on-disk store writes once when it is loaded (:mod:`anyi_kg.store.ondisk`), opened read-only
by every process that opens the store, in milliseconds.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import BadInputError
from ..graph.names import HAS_CJK, fold, pinyin, spelling_variants, tokens
from ..graph.terms import Term, shorten
from .results import Result

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PRIMARY = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
}
PRIMARY, ALTERNATIVE, PINYIN, INITIALS = 0, 1, 2, 3
"""How a form relates to its entity, best first: its label, another name (or a spelling
variant), the pinyin of a name, the initials of that pinyin."""
EXACT, PREFIX, BEGUN_PREFIX, SUBSTRING, BEGUN_SUBSTRING = range(5)
"""How the query matched a form, best first: the whole form; its first tokens; its first
tokens, the last only begun (``anyix``); tokens further in; the same, the last only begun."""
_VERSION = 1
"""The version of the index's tables (``PRAGMA user_version``); a file of another version is
not read."""
_SCHEMA = (
    # Contentless (``rows`` describes them), with indexes of the prefixes of one to four
    # characters, so that a query's last token, begun only, is one lookup: a reading ending in
    # ``xian`` (县), begun, is otherwise a merge of every token that starts so (xiang, xianyang…),
    # 5 ms at 10M triples. Prefixes of five add 30% to the build (10M: 13.7 to 17.8 s) for
    # little gain: few tokens begin with a syllable of five letters.
    "CREATE VIRTUAL TABLE forms USING fts5(tokens, content='', columnsize=0, prefix='1 2 3 4', "
    "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co'\")",
    "CREATE TABLE rows (row INTEGER PRIMARY KEY, entity INTEGER NOT NULL, how INTEGER NOT NULL, "
    "length INTEGER NOT NULL, name TEXT NOT NULL)",
    "CREATE TABLE entities (entity INTEGER PRIMARY KEY, iri TEXT NOT NULL, zh TEXT, en TEXT, "
    "types TEXT NOT NULL)",  # types: their IRIs, sorted, joined by spaces
    "CREATE TABLE type_labels (iri TEXT PRIMARY KEY, zh TEXT NOT NULL, en TEXT NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE syllables (syllable TEXT PRIMARY KEY) WITHOUT ROWID",
)
# FTS5, the outer loop, returns its rows in rowid order: the rows are read only as far as the
# search goes, never all sorted first.
_MATCH = (
    "SELECT rows.row, entity, how, length FROM forms JOIN rows ON rows.row = forms.rowid "
    "WHERE forms MATCH ? ORDER BY forms.rowid"
)
_HIT = "SELECT name, iri, zh, en, types FROM rows JOIN entities USING (entity) WHERE row = ?"
_TYPE_LABEL = "SELECT zh, en FROM type_labels WHERE iri = ?"
_READINGS = 32  # at most so many ways of cutting a query into syllables are asked
MAX_TEXT = 200
"""Characters a search may hold: over twice the longest name of the graph (91) or its pinyin
(86); it also bounds how deep a reading is cut, a call a syllable (2,000 words overflowed)."""


@dataclass(frozen=True)
class Hit:
    """An entity found by a search, with the name that matched and the labels of its types
    (``type_labels``: (IRI, zh, en) per type; for types without labels, their local name)."""

    iri: str
    label_zh: str | None
    label_en: str | None
    types: tuple[str, ...]
    matched: str
    score: tuple[int, int, int]
    type_labels: tuple[tuple[str, str, str], ...] = ()

    def as_json(self) -> dict[str, object]:
        """The hit as the explorer's ``/search`` answers it in JSON."""
        return {
            "iri": self.iri, "label_zh": self.label_zh, "label_en": self.label_en,
            "types": list(self.types), "matched": self.matched,
            "type_labels": [{"iri": t, "zh": zh, "en": en} for t, zh, en in self.type_labels],
        }  # fmt: skip


@dataclass(slots=True)
class _Entity:
    zh: str | None = None
    en: str | None = None
    types: list[str] = field(default_factory=list)


class LabelIndex:
    """Token-boundary search over the names of every labelled resource.

    Its database holds the forms (FTS5, contentless: a form's rowid is its row), each row's
    entity, how it relates, its length and the name it reads (``rows``); each entity's IRI,
    labels and types (``entities``, numbered in the order of their IRIs, which breaks ties);
    the labels of the labelled types (``type_labels``); the pinyin syllables (``syllables``).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        """An index over ``db`` as :meth:`build` writes it; use :meth:`build` or :meth:`open`."""
        self._db = db
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        self._size = int(
            db.execute("SELECT coalesce(max(entity) + 1, 0) FROM entities").fetchone()[0]
        )
        self._syllables = frozenset(s for (s,) in db.execute("SELECT syllable FROM syllables"))
        self._starts = frozenset(s[:i] for s in self._syllables for i in range(1, len(s) + 1))

    @classmethod
    def build(cls, triples: Iterable[ox.Triple], path: Path | None = None) -> LabelIndex:
        """An index of the label triples (``rdfs:label``, ``skos:*Label``, former names, types):
        in memory, or written to the new file ``path`` and opened from it read-only."""
        entities: dict[str, _Entity] = {}
        number: dict[str, int] = {}
        forms: dict[tuple[str, int], tuple[int, str]] = {}

        def add(words: list[str], entity: int, how: int, name: str) -> None:
            key = (" ".join(words), entity)
            if words and (key not in forms or how < forms[key][0]):
                forms[key] = (how, name)

        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                continue
            iri, predicate = t.subject.value, t.predicate.value
            if iri not in entities:
                number[iri], entities[iri] = len(entities), _Entity()
            if predicate == _RDF_TYPE:
                if isinstance(t.object, ox.NamedNode):
                    entities[iri].types.append(t.object.value)
                continue
            if not isinstance(t.object, ox.Literal):
                continue
            text, entity = t.object.value, number[iri]
            how = PRIMARY if predicate in _PRIMARY else ALTERNATIVE
            language = (t.object.language or "").split("-")[0]
            found = entities[iri]
            if how == PRIMARY and language == "zh" and found.zh is None:
                found.zh = text
            elif how == PRIMARY and language == "en" and found.en is None:
                found.en = text
            add(tokens(text), entity, how, text)
            for variant in spelling_variants(text):
                add(tokens(variant), entity, how, text)
            syllables, letters = pinyin(text)
            add(syllables, entity, PINYIN, text)
            add(letters, entity, INITIALS, text)
        db = _new_database(path)
        _write(db, entities, number, forms)
        if path is None:
            return cls(db)
        db.close()
        with path.open("rb") as written:  # on disk before a store's directory is swapped in
            os.fsync(written.fileno())
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> LabelIndex:
        """The index that :meth:`build` wrote to ``path``, read-only. ``ValueError`` if it is
        an index of another version, ``sqlite3.Error`` if it is no SQLite database."""
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"  # written once, never changed
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
                raise ValueError(f"{path} holds no search index of this version")
            return cls(db)
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        """Close the database (an index in memory is gone)."""
        self._db.close()

    def __len__(self) -> int:
        return self._size

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """The best ``limit`` entities that ``text`` names, best first; ``BadInputError`` for a
        text of more than :data:`MAX_TEXT` characters."""
        if len(text) > MAX_TEXT:
            raise BadInputError(
                f"a search is at most {MAX_TEXT} characters, this one has {len(text)}: "
                "type a name, or the beginning of one"
            )
        complete, begun = self._phrases(text)
        if not complete or limit < 1:
            return []
        size = sum(len(p) for p in tokens(text))
        stages = [
            (PREFIX, "^", complete), (BEGUN_PREFIX, "^", begun),
            (SUBSTRING, "", complete), (BEGUN_SUBSTRING, "", begun),
        ]  # fmt: skip
        best: dict[int, tuple[tuple[int, int, int], int]] = {}
        with self._lock:
            for match, anchor, phrases in stages:
                if not phrases:
                    continue
                query = " OR ".join(anchor + phrase for phrase in phrases)
                for row, entity, how, length in self._db.execute(_MATCH, (query,)):
                    exact = match == PREFIX and length == size
                    score = (EXACT if exact else match, how, length)
                    if entity in best:
                        best[entity] = min(best[entity], (score, row))
                    elif len(best) < 2 * limit:  # enough to rank the best of the stage
                        best[entity] = (score, row)
                    else:
                        break
                if len(best) >= limit:
                    break
            # Entities are numbered in the order of their IRIs: ties go by IRI.
            ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))
            return [self._hit(score, row) for _, (score, row) in ranked[:limit]]

    def _phrases(self, text: str) -> tuple[list[str], list[str]]:
        """FTS5 phrases for the readings of ``text``: those whose last token must be whole, and
        those whose last token may be only begun. Its tokens; its letters one by one (initials,
        and letters inside Chinese names); each way of cutting it into pinyin syllables."""
        words = tokens(text)
        if not words or HAS_CJK.search(fold(text)):
            return ([_phrase(words)] if words else []), []
        complete, begun = [_phrase(words)], [_phrase(words, begun=True)]
        letters = "".join(words)
        if len(letters) > 1:
            complete.append(_phrase(list(letters)))
        readings = sorted(set(self._readings(words)))
        for reading in readings:
            if list(reading) != words:
                if reading[-1] in self._syllables:
                    complete.append(_phrase(list(reading)))
                begun.append(_phrase(list(reading), begun=True))
        return complete, begun

    def _readings(self, words: list[str]) -> tuple[tuple[str, ...], ...]:
        """The first :data:`_READINGS` ways of cutting the words into syllables of the index,
        word by word, the last syllable perhaps only begun (``v`` read as ``u``). Each place
        is cut once (``cuts``, kept): ``xianxian…xianii`` has 2^n cuts that all fail at its
        end, and trying each took seconds at 80 letters."""
        parts = [w.replace("v", "u") for w in words]
        last = len(parts) - 1

        @cache
        def cuts(i: int, at: int) -> tuple[tuple[str, ...], ...]:
            word = parts[i]
            if at == len(word):
                return ((),) if i == last else cuts(i + 1, 0)
            found: list[tuple[str, ...]] = []
            for end in range(at + 1, min(len(word), at + 6) + 1):
                piece = word[at:end]
                if piece in self._syllables:
                    found += [(piece, *rest) for rest in cuts(i, end)]
                elif end == len(word) and i == last and piece in self._starts:
                    found.append((piece,))
            return tuple(found[:_READINGS])

        return cuts(0, 0)

    def _hit(self, score: tuple[int, int, int], row: int) -> Hit:
        name, iri, zh, en, joined = self._db.execute(_HIT, (row,)).fetchone()
        types = tuple(joined.split(" ")) if joined else ()
        return Hit(iri, zh, en, types, name, score, self._type_labels(types))

    def _type_labels(self, types: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        """The types that have labels, by their labels; if none has, all by their local names."""
        labelled = []
        for t in types:
            found = self._db.execute(_TYPE_LABEL, (t,)).fetchone()
            if found is not None:
                labelled.append((t, found[0], found[1]))
        if labelled:
            return tuple(labelled)
        return tuple((t, local, local) for t in types for local in [_local_name(t)])


def _new_database(path: Path | None) -> sqlite3.Connection:
    """An empty index, in memory or in the new file ``path``, written without a journal: a
    build that fails leaves nothing that is read (a store's new directory is removed)."""
    if path is not None and path.exists():
        raise FileExistsError(f"{path} exists: an index file is written once, new")
    db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    for statement in _SCHEMA:
        db.execute(statement)
    return db


def _write(
    db: sqlite3.Connection,
    entities: dict[str, _Entity],
    number: dict[str, int],
    forms: dict[tuple[str, int], tuple[int, str]],
) -> None:
    """Fill the index: ``forms`` maps (tokens joined by spaces, number of the entity in
    ``entities``) to (how it relates, the name it reads). Rows go shortest first, as before
    the entities are renumbered by IRI."""
    iris = sorted(entities)
    place = array("i", bytes(4 * len(iris)))  # entity number → place of its IRI
    for at, iri in enumerate(iris):
        place[number[iri]] = at
    ordered = sorted(forms.items(), key=lambda item: (_length(item[0][0]), item[1][0], item[0]))
    syllables = sorted(
        {s for (text, _), (how, _) in ordered if how == PINYIN for s in text.split() if s.isalpha()}
    )
    labelled = (
        (t, found.zh or found.en, found.en or found.zh)
        for t in sorted({t for found in entities.values() for t in found.types})
        for found in [entities.get(t)]
        if found is not None and (found.zh or found.en)
    )
    with db:
        db.executemany(
            "INSERT INTO forms (rowid, tokens) VALUES (?, ?)",
            ((row, text) for row, ((text, _), _) in enumerate(ordered)),
        )
        db.executemany(
            "INSERT INTO rows VALUES (?, ?, ?, ?, ?)",
            (
                (row, place[entity], how, _length(text), name)
                for row, ((text, entity), (how, name)) in enumerate(ordered)
            ),
        )
        db.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
            (
                (at, iri, found.zh, found.en, " ".join(sorted(found.types)))
                for at, iri in enumerate(iris)
                for found in [entities[iri]]
            ),
        )
        db.executemany("INSERT INTO type_labels VALUES (?, ?, ?)", labelled)
        db.executemany("INSERT INTO syllables VALUES (?)", ((s,) for s in syllables))
        db.execute("INSERT INTO forms (forms) VALUES ('optimize')")  # one segment to read
        db.execute(f"PRAGMA user_version = {_VERSION}")


def _length(text: str) -> int:
    """The length of a form without the spaces between its tokens."""
    return len(text) - text.count(" ")


def _phrase(words: list[str], begun: bool = False) -> str:
    """An FTS5 phrase of tokens (letters and digits only: nothing to escape); ``begun``: its
    last token may be the beginning of one."""
    return '"' + " ".join(words) + '"' + ("*" if begun else "")


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def as_result(hits: list[Hit]) -> Result:
    """Hits as a table: entity, zh and en labels, types (CURIEs and labels), the name that
    matched."""
    rows: list[tuple[Term | None, ...]] = [
        (
            ox.NamedNode(h.iri),
            None if h.label_zh is None else ox.Literal(h.label_zh, language="zh"),
            None if h.label_en is None else ox.Literal(h.label_en, language="en"),
            ox.Literal(" ".join(shorten(t) for t in h.types)),
            ox.Literal(" ".join(zh for _, zh, _ in h.type_labels), language="zh"),
            ox.Literal("; ".join(en for _, _, en in h.type_labels), language="en"),
            ox.Literal(h.matched),
        )
        for h in hits
    ]
    columns = ["entity", "label_zh", "label_en", "types", "type_zh", "type_en", "matched"]
    return Result("select", columns, rows)
