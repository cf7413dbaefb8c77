"""Fuzzy person matching for deconfliction: parse names, make blocking keys, score a pair with reasons.

Plain Python: importable without Django settings. The flow for the caller:

    p = prepare(Person(names=("Bill Smyth", "William Smith"), date_of_birth=date(1984, 3, 12)))
    keys = blocking_keys(p)            # a few plaintext keys; store keyed hashes of them (blind index)
    stored = dumps(p)                  # store encrypted; loads(stored) gives p back without re-parsing
    m = score(p, loads(other_stored))  # Match(score, reasons, differences)

Scoring is Fellegi–Sunter in spirit: every comparison (given name, surname, middle name, date of birth,
shared identifiers) adds a weight in bits (log2 of how much likelier the observed agreement is for one
person than for two), agreement on a common name ("Smith", "Michael") counts less than on a rare one, and
the sum becomes a 0..1 score. Name parts are compared as exact, nickname or spelling variant, same sound
(metaphone), close spelling (Jaro-Winkler) or different, in the given order or swapped.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

FORMAT_VERSION = "n1"
# Changes whenever score() weighs evidence differently: the nightly batch then scores every pair again.
MATCHER_VERSION = "s2"
_DATA = json.loads((Path(__file__).parent / "data" / "names.json").read_text(encoding="utf-8"))


# --- public types ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]  # full names as entered; first is the primary, the rest aliases
    date_of_birth: date | None = None


@dataclass(frozen=True)
class Match:
    score: float  # 0..1
    reasons: tuple[str, ...]  # plain words: "Same date of birth", "Bill is a nickname of William"
    differences: tuple[str, ...]  # what disagrees: "Different year of birth (1984 / 1990)"


@dataclass(frozen=True)
class Thresholds:
    """The task force tunes these; the defaults come from benchmarks/deconfliction_quality.py."""

    match: float = 0.87  # at or above: a hit (precision about 0.98 across seeds 1-3)
    possible: float = 0.5  # at or above: "possible match" shown for review

    def verdict(self, value: float) -> str:
        if value >= self.match:
            return "match"
        return "possible" if value >= self.possible else "none"


@dataclass(frozen=True)
class NameCounts:
    """How often names occur in the records themselves: how many records hold each "n:" blocking key (a pair of
    given-name and surname sound codes, see ``name_keys``) among ``population`` person records. Counting
    records is cheap where the keys are stored (group sizes of their hashes), so the caller builds this once
    per check or per chunk of the nightly batch."""

    counts: Mapping[str, int]
    population: int


# --- name data: nicknames, spellings, frequencies ----------------------------------------------------------


def _fold(text: str) -> str:
    """ASCII, lower-case letters, spaces, hyphens and commas only ("José O'Brien" -> "jose obrien")."""
    if not text.isascii():
        text = anyascii(unicodedata.normalize("NFKC", text))
    text = _APOSTROPHES.sub("", text.lower())
    return " ".join(_NOT_NAME.sub(" ", text).split())


_APOSTROPHES = re.compile(r"['`]")
_NOT_NAME = re.compile(r"[^a-z,\- ]+")


@cache
def _spelling_groups() -> dict[str, str]:
    """token -> canonical spelling ("muhammad" -> "mohammed")."""
    groups: dict[str, str] = {}
    for group in _DATA["spellings"]:
        for member in group:
            groups.setdefault(_fold(member), _fold(group[0]))
    return groups


@cache
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """(given, surname) -> share of US residents. Faker's en_US lists carry census/SSA-derived weights over
    their top names (surnames normalised to the top 1,000, given names per sex); Smith, 0.83% of the 2010
    census, anchors the surname scale. Names missing there come from the data file's rough estimates."""
    from faker.providers.person.en_US import Provider

    smith_scale = 0.0083 / Provider.last_names["Smith"]
    surnames: dict[str, float] = {_fold(k): v * smith_scale for k, v in Provider.last_names.items()}
    given: dict[str, float] = {}
    for listed in (Provider.first_names_male, Provider.first_names_female):
        for name, weight in listed.items():
            key = _fold(name)
            given[key] = given.get(key, 0.0) + weight * 0.45  # half the population, lists cover ~90%
    extras: tuple[tuple[dict[str, float], dict[str, float]], ...] = (
        (given, _DATA["frequencies"]["given"]),
        (surnames, _DATA["frequencies"]["surname"]),
    )
    for table, extra in extras:
        for name, share in extra.items():
            table[_fold(name)] = max(table.get(_fold(name), 0.0), share)
    # Communities whose names the lists above miss: the community's share times the name's share within it.
    for pool in _DATA["pools"].values():
        parts: tuple[tuple[str, dict[str, float], float], ...] = (
            ("given_male", given, 0.5),
            ("given_female", given, 0.5),
            ("surname", surnames, 1.0),
        )
        for key, table, half in parts:
            weights = pool.get(key, {})
            total = sum(weights.values())
            for name, weight in weights.items():
                share = pool["us_share"] * half * weight / total
                table[_fold(name)] = max(table.get(_fold(name), 0.0), share)
    return given, surnames


@cache
def _nickname_roots() -> dict[str, tuple[str, ...]]:
    """name -> the names it is a nickname or formal form of, most common first ("bill" -> ("william",
    "robert", ...)). The nicknames data lists pairs in both directions, so it is read as undirected."""
    from nicknames import name_triplets

    given, _ = _frequencies()
    related: dict[str, set[str]] = {}
    for one, relationship, other in name_triplets():
        if relationship == "has_nickname":
            related.setdefault(_fold(one), set()).add(_fold(other))
            related.setdefault(_fold(other), set()).add(_fold(one))
    return {name: tuple(sorted(names, key=lambda n: (-given.get(n, 0.0), n))) for name, names in related.items()}


@cache
def _known_given_names() -> frozenset[str]:
    """Names seen as given names: decides whether a middle word is a middle name or a second surname."""
    given, _ = _frequencies()
    names = set(given) | set(_nickname_roots())
    for formals in _nickname_roots().values():
        names.update(formals)
    for pool in _DATA["pools"].values():
        for key in ("given_male", "given_female", "middle_male", "middle_female"):
            names.update(_fold(n) for n in pool.get(key, {}))
    from faker.providers.person.es_MX import Provider as Spanish

    for compound in (*Spanish.first_names_male, *Spanish.first_names_female):
        names.update(_fold(compound).split())  # "Alta Gracia", "Maria Jose": each word is a given name
    return frozenset(names)


# Words that belong to a surname but are not compared: "de la Cruz" is compared as "cruz".
_PARTICLE_WORDS = (
    "de del della dela la las los da das do dos du van vander vanden von der den ter ten le di bin binti "
    "bint ibn abu al el y e"
)
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
# Titles, honorifics and generational suffixes: not part of the name for matching.
_DROPPED_WORDS = "mr mrs ms miss mx dr prof rev sir sr jr snr jnr ii iii iv md phd esq sra srta"
_DROPPED = frozenset(_DROPPED_WORDS.split())

# --- tokens ------------------------------------------------------------------------------------------------


class Tok:
    """One name word with everything comparison and blocking need, built once per distinct word."""

    __slots__ = ("block_roots", "code", "formal", "given_freq", "initial", "related", "share", "spelling", "text")

    def __init__(self, text: str) -> None:
        given, surnames = _frequencies()
        self.text = text
        self.initial = len(text) == 1
        self.spelling = _spelling_groups().get(text, "")
        related = _nickname_roots().get(text, ())
        self.related = frozenset(related)  # nicknames and formal forms of this name
        self.formal = frozenset(r for r in related if len(r) > len(text))  # the longer, formal forms
        self.code = _phonetic(self.spelling or text)
        canonical = self.spelling or text
        given_share = given.get(text, 0.0) or given.get(canonical, 0.0)
        surname_share = surnames.get(text, 0.0) or surnames.get(canonical, 0.0)
        # How common the word is as any part of a name: family-first order and swaps move words between
        # roles, and "Nguyen" is no rarer for being written first.
        self.share = max(given_share, surname_share)
        self.given_freq = given_share
        # For blocking, a nickname also stands for up to two commoner names it is short for.
        self.block_roots = tuple(r for r in related if given.get(r, 0.0) > self.given_freq)[:2]

    def __repr__(self) -> str:
        return f"Tok({self.text!r})"

    def __eq__(self, other: object) -> bool:  # one word is one token, even after the cache dropped it
        return isinstance(other, Tok) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def shown(self) -> str:
        return self.text.capitalize()

    def given_codes(self) -> list[str]:
        """Phonetic codes for blocking as a given name: its own and those of its two commonest formal names,
        so "Bill" meets "William" and "Peggy" meets "Margaret"."""
        codes = [self.code]
        for root in self.block_roots:
            code = _phonetic(_spelling_groups().get(root, root))
            if code not in codes:
                codes.append(code)
        return codes


_VOWELS = frozenset("AEIOU")


def _phonetic(text: str) -> str:
    """Metaphone with any leading vowel written "A" ("Oleksandr" and "Aleksandr" sound alike)."""
    code = jellyfish.metaphone(text) or text.upper()
    return "A" + code[1:] if code[0] in _VOWELS else code


@lru_cache(maxsize=262_144)
def _tok(text: str) -> Tok:
    return Tok(text)


# --- parsing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    given: Tok | None
    middles: tuple[Tok, ...]
    surnames: tuple[Tok, ...]

    def words(self) -> str:
        """given/middles/surnames as the compact stored form."""
        parts = (
            self.given.text if self.given else "",
            " ".join(t.text for t in self.middles),
            " ".join(t.text for t in self.surnames),
        )
        return "/".join(parts)


def _words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").split() if w and w not in _DROPPED]


def _surname_core(words: list[str]) -> list[str]:
    """Surname words without particles; the last word always stays ("Minh Van Le" has the surname Le)."""
    last = len(words) - 1
    return [w for i, w in enumerate(words) if i == last or w not in _PARTICLES]


def parse_name(raw: str) -> Name:
    """ "Last, First Middle" or "First Middle Last"; double and particle surnames; titles dropped."""
    text = _fold(raw)
    if text.split(" ", 1)[0] in _PARTICLES:  # "de Jesus Aguirre": only surnames were written
        return Name(None, (), tuple(_tok(w) for w in _surname_core(_words(text.replace(",", " ")))))
    before, comma, after = text.partition(",")
    if comma and _words(after.replace(",", " ")):  # "Smith, John"; not "John Smith, Jr."
        surnames, given_words = _surname_core(_words(before)), _words(after.replace(",", " "))
    else:
        words = _words(text.replace(",", " "))
        if len(words) <= 1:
            return Name(None, (), tuple(_tok(w) for w in words))
        given_words, surnames = _split_given_surname(words)
    first, middles = (given_words[0], given_words[1:]) if given_words else (None, [])
    return Name(_tok(first) if first else None, tuple(_tok(w) for w in middles), tuple(_tok(w) for w in surnames))


def _split_given_surname(words: list[str]) -> tuple[list[str], list[str]]:
    """The first word is the given name and the last the surname. A word between them is a middle name if
    it is a known given name or an initial; a particle or any other word starts the surname(s)."""
    known = _known_given_names()
    given = [words[0]]
    index = 1
    while index < len(words) - 1:
        word = words[index]
        if word in _PARTICLES:
            # "Maria del Carmen Garcia", "Jose de Jesus Ruiz": a particle and a given name inside a Spanish
            # compound given name; "Maria de la Cruz" has the surname Cruz.
            rest = index
            while rest < len(words) - 1 and words[rest] in _PARTICLES:
                rest += 1
            if rest < len(words) - 1 and words[rest] in known:
                given.append(words[rest])
                index = rest + 1
                continue
            break
        if word not in known and len(word) > 1:
            break
        given.append(word)
        index += 1
    return given, _surname_core(words[index:])


# --- prepared records --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """Parsed, folded and phonetic forms of one person; built once per record."""

    names: tuple[Name, ...]
    dob: str  # "YYYYMMDD" or ""


def prepare(person: Person) -> Prepared:
    names = tuple(n for n in (parse_name(raw) for raw in person.names) if n.given or n.surnames)
    born = person.date_of_birth
    dob = f"{born.year:04d}{born.month:02d}{born.day:02d}" if born else ""
    return Prepared(names=names, dob=dob)


def dumps(p: Prepared) -> str:
    """ "n1|19840312|bill//smyth;william/j/smith": version, date of birth, then names as given/middles/surnames."""
    return "|".join((FORMAT_VERSION, p.dob, ";".join(n.words() for n in p.names)))


def loads(s: str) -> Prepared:
    version, dob, names_text = s.split("|", 2)
    if version != FORMAT_VERSION:
        raise ValueError(f"Unknown prepared-name format {version!r}")
    names = []
    for chunk in names_text.split(";") if names_text else ():
        given, middles, surnames = chunk.split("/")
        names.append(
            Name(
                _tok(given) if given else None,
                tuple(_tok(w) for w in middles.split()),
                tuple(_tok(w) for w in surnames.split()),
            )
        )
    return Prepared(names=tuple(names), dob=dob)


# --- blocking ----------------------------------------------------------------------------------------------

MAX_NAMES_FOR_KEYS = 3  # the primary and two aliases give keys; further aliases are still scored


def blocking_keys(p: Prepared) -> set[str]:
    """Plaintext keys; two records that may be one person share at least one.

    Per name: "n:" + the unordered pair of phonetic codes of given name and each surname word (survives
    nicknames, spellings, a dropped or reordered double surname, swapped order, a missing or mistyped date
    of birth); "d:" + the code of the given name or of a surname word + date of birth (survives a missing
    or mistyped given name, a mistyped or changed surname, and a surname-only record of a name written
    family first); "p:" + surname code + the given name's first three letters and "q:" + given-name code +
    the surname's first three letters (survive a typo later in the other word, without a date of birth;
    primary name only). Nicknames add the code of their commonest formal names, so "Bill" and "William"
    share "n:" keys. One name gives at most 11 keys (5 on average); each of two aliases adds up to 9.
    """
    keys = name_keys(p)
    for index, name in enumerate(p.names[:MAX_NAMES_FOR_KEYS]):
        surname_codes = _surname_codes(name)
        given_codes = name.given.given_codes() if name.given and not name.given.initial else []
        if p.dob:
            keys.update(f"d:{code}:{p.dob}" for code in (*given_codes[:1], *surname_codes))
        surname = next((t for t in name.surnames if not t.initial), None)
        if index == 0 and name.given and given_codes and surname:
            # A slip of the keyboard changes a word's sound code but mostly leaves its first letters.
            keys.add(f"p:{surname.code}|{name.given.text[:3]}")
            keys.add(f"q:{given_codes[0]}|{surname.text[:3]}")
    return keys


def name_keys(p: Prepared) -> set[str]:
    """The "n:" blocking keys alone: what ``NameCounts`` counts."""
    keys: set[str] = set()
    for name in p.names[:MAX_NAMES_FOR_KEYS]:
        if name.given and not name.given.initial:
            codes = name.given.given_codes()
            keys.update("n:" + "|".join(sorted((g, s))) for g in codes for s in _surname_codes(name))
    return keys


def _surname_codes(name: Name) -> list[str]:
    return list(dict.fromkeys(t.code for t in name.surnames if not t.initial))[:2]


# --- comparing name words ----------------------------------------------------------------------------------

EXACT, SPELLING, NICKNAME, SOUND, CLOSE, NEAR, INITIAL, DIFFERENT = range(8)
# Parts that are not a comparison of two words (their wording is made only for the parts finally shown).
MISSING, DOUBLE, ORDER, SWAPPED, MIDDLE_AS_GIVEN, NOTE, NAMESAKES = range(8, 15)
_M_AGREE = 0.9  # share of true pairs whose name word agrees exactly
_COMMON_SHARE = 0.002  # a name borne by more than this share of people is called common in reasons
# Names outside the frequency lists are assumed about this common: given names concentrate on few names (the
# 1,000 commonest cover ~85% of people), surnames have a long tail (the commonest 1,000 cover ~40%).
_UNKNOWN_GIVEN_SHARE = 0.0005
_UNKNOWN_SURNAME_SHARE = 0.0001
# Bits for the levels below exact: a name that sounds or is spelled alike is weaker evidence than the same
# name by the number of bits here (rarer names stay stronger evidence), but never less than the floor.
_LEVEL_DISCOUNT = {SOUND: 3.0, CLOSE: 4.0}
_LEVEL_FLOOR = {SOUND: 3.0, CLOSE: 2.0}
# A loose likeness (Jaro-Winkler 0.84-0.92 without the same sound) is seen in well under 1% of true pairs
# but in ~7% of candidate pairs of different people: weak evidence against.
_LEVEL_BITS = {NEAR: -2.0, INITIAL: 1.0, DIFFERENT: -7.0}
_LEVELS: dict[tuple[str, str], int] = {}  # memo: the same pairs of names recur across candidates
_WORD_BITS: dict[tuple[str, str, bool], tuple[float, int]] = {}


def _level(a: Tok, b: Tok) -> int:
    key = (a.text, b.text)
    level = _LEVELS.get(key)
    if level is None:
        if len(_LEVELS) > 500_000:
            _LEVELS.clear()
        level = _LEVELS[key] = _compute_level(a, b)
    return level


def _compute_level(a: Tok, b: Tok) -> int:
    if a.text == b.text:
        return EXACT
    if a.initial or b.initial:
        return INITIAL if a.text[0] == b.text[0] else DIFFERENT
    if a.spelling and a.spelling == b.spelling:
        return SPELLING
    if b.text in a.related or (a.formal and not a.formal.isdisjoint(b.formal)):
        return NICKNAME
    similarity = JaroWinkler.similarity(a.text, b.text, score_cutoff=0.8)
    edits = DamerauLevenshtein.distance(a.text, b.text, score_cutoff=2)
    if a.code == b.code and (similarity or edits <= 2):  # same sound alone is too loose: John, Jane, June
        return SOUND
    if similarity >= 0.92 or (edits == 1 and min(len(a.text), len(b.text)) >= 3):  # "Thu"/"Tu", "Lee"/"Dee"
        return CLOSE
    return NEAR if similarity >= 0.84 else DIFFERENT


def _agree_bits(share: float) -> float:
    return math.log2(_M_AGREE / min(max(share, 1e-6), 0.05))


# Two full given names that disagree: a relative (a twin shares surname and date of birth) far more often
# than one person; the same person under another given name should be entered as an alias.
_DIFFERENT_GIVEN_BITS = -12.0


def _bits(level: int, a: Tok, b: Tok, as_given: bool) -> float:
    if level == DIFFERENT and as_given and not (a.initial or b.initial):
        return _DIFFERENT_GIVEN_BITS
    if level in _LEVEL_BITS:
        return _LEVEL_BITS[level]
    unknown = _UNKNOWN_GIVEN_SHARE if as_given else _UNKNOWN_SURNAME_SHARE
    agree = _agree_bits(max(a.share or unknown, b.share or unknown))
    if level in _LEVEL_DISCOUNT:
        return max(agree - _LEVEL_DISCOUNT[level], _LEVEL_FLOOR[level])
    # A variant is a little weaker evidence than the same spelling; a nickname a little weaker still.
    return agree - (0.0 if level == EXACT else 1.0 if level == SPELLING else 1.5)


class _Part(NamedTuple):
    """One contribution to the score: bits, and what is needed to say it in words (made only if shown)."""

    bits: float
    level: int
    a: Any = None
    b: Any = None
    role: str = ""


def _word_part(a: Tok, b: Tok, role: str, as_given: bool) -> _Part:
    key = (a.text, b.text, as_given)
    found = _WORD_BITS.get(key)
    if found is None:
        if len(_WORD_BITS) > 500_000:
            _WORD_BITS.clear()
        level = _level(a, b)
        found = _WORD_BITS[key] = (_bits(level, a, b, as_given), level)
    return _Part(found[0], found[1], a, b, role)


def _best_surname(a: Sequence[Tok], b: Sequence[Tok], role: str = "surname") -> tuple[_Part, int, int]:
    """The best-agreeing pair of words and their positions."""
    best: tuple[_Part, int, int] | None = None
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            part = _word_part(x, y, role, as_given=False)
            if best is None or part.bits > best[0].bits:
                best = (part, i, j)
    assert best is not None
    return best


def _surnames(a: Sequence[Tok], b: Sequence[Tok]) -> list[_Part]:
    """Best-agreeing surname words; a second surname present on both sides must agree too."""
    if not a or not b:
        return [_Part(0.0, MISSING, role="surname")] if (a or b) else []
    if len(a) == 1 and len(b) == 1:
        return [_word_part(a[0], b[0], "surname", as_given=False)]
    first, i, j = _best_surname(a, b)
    parts = [first]
    if first.bits <= 0:
        return parts
    rest_a, rest_b = [*a[:i], *a[i + 1 :]], [*b[:j], *b[j + 1 :]]
    if rest_a and rest_b:
        second = _word_part(rest_a[0], rest_b[0], "second surname", as_given=False)
        parts.append(second._replace(bits=min(second.bits, 2.0) if second.bits > 0 else -3.0))
        if len(a) == len(b) and i != j:
            parts.append(_Part(0.0, ORDER))
    else:
        parts.append(_Part(0.0, DOUBLE, a if rest_a else b))
    return parts


def _givens(a: Name, b: Name) -> list[_Part]:
    if a.given is None or b.given is None:
        return [_Part(0.0, MISSING, role="given name")] if (a.given or b.given) else []
    part = _word_part(a.given, b.given, "given name", as_given=True)
    if part.bits >= 0:
        return [part]
    # A middle name used as the first name ("J. Michael Smith" / "Michael Smith").
    for x, y in ((a.given, b.middles[:1]), (b.given, a.middles[:1])):
        if y and not y[0].initial:
            alt = _word_part(x, y[0], "given name", as_given=True)
            if alt.bits > 0:
                return [alt, _Part(-1.0, MIDDLE_AS_GIVEN, y[0])]
    return [part]


def _middles(a: Name, b: Name) -> list[_Part]:
    if not a.middles or not b.middles:
        return []
    x, y = a.middles[0], b.middles[0]
    level = _level(x, y)
    # Two full middle names that differ are good evidence of two people; an initial says little.
    bits = (-1.0 if x.initial or y.initial else -2.0) if level == DIFFERENT else 0.5 if level == INITIAL else 2.0
    return [_Part(bits, level, x, y, "middle name")]


def _straight(a: Name, b: Name) -> list[_Part]:
    return _givens(a, b) + _surnames(a.surnames, b.surnames) + _middles(a, b)


def _total(parts: Iterable[_Part]) -> float:
    return sum(p.bits for p in parts)


def _rotations(name: Name) -> list[Name]:
    """The name read family first: the first word is the surname, and the given name is the next word
    ("Echeverria Jose Eduardo", "Nguyen Van Minh") or the last ("Garcia Lopez Juan")."""
    rest = (*name.middles, *name.surnames)
    if name.given is None or not rest:
        return []
    out = [Name(rest[0], rest[1:], (name.given,))]
    if len(rest) > 1:
        out.append(Name(rest[-1], (), (name.given, *rest[:-1])))
    return out


def _surnames_only(name: Name) -> Name | None:
    """The name read as surnames only ("Chavez Gonzales" may be two surnames with no given name)."""
    if name.given is None or name.middles or not name.surnames:
        return None
    return Name(None, (), (name.given, *name.surnames))


def _middles_as_surnames(name: Name) -> Name | None:
    """The middle words read as first surnames ("Laura Santiago Baez": Santiago is a given name and a
    surname)."""
    if not name.middles or any(t.initial for t in name.middles):
        return None
    return Name(name.given, (), (*name.middles, *name.surnames))


def _all_words_as_surnames(name: Name) -> Name | None:
    """Every word as a possible surname, to meet a record that has only a surname ("Luo" / "Luo Weiwei")."""
    if name.given is None:
        return None
    return Name(None, (), (name.given, *name.middles, *name.surnames))


def _meets_a_surname(words: Iterable[Tok], other: Name) -> bool:
    """Whether any of the words agrees at all with a surname word of the other name (a cheap gate: a
    re-reading that moves these words into the surname can only help then)."""
    return any(_level(w, t) < INITIAL for w in words for t in other.surnames)


def _readings(one: Name, other: Name) -> list[tuple[Name, bool]]:
    """Other ways to read `one` against `other`: (reading, written in the other order)."""
    out: list[tuple[Name, bool]] = []
    rest = (*one.middles, *one.surnames)
    if one.given is not None and _meets_a_surname((one.given, *rest[:-1]), other):
        out = [(rotated, True) for rotated in _rotations(one)]
    if other.given is None and (every := _all_words_as_surnames(one)):
        out.append((every, False))
    elif len(other.surnames) > 1 and (only := _surnames_only(one)):
        out.append((only, False))
    if not other.middles and _meets_a_surname(one.middles, other) and (longer := _middles_as_surnames(one)):
        out.append((longer, False))
    return out


def _compare_names(a: Name, b: Name) -> list[_Part]:
    parts = _straight(a, b)
    # Other readings can only help where words disagree, barely agree, or one record lacks a part.
    if all(p.bits >= 0 and p.level not in (NEAR, MISSING) for p in parts):
        return parts
    best = _total(parts)
    for one, other, flip in ((a, b, False), (b, a, True)):
        for reading, swapped in _readings(one, other):
            alternative = _straight(other, reading) if flip else _straight(reading, other)
            # A re-reading is taken only when everything in it agrees.
            if any(p.bits < 0 for p in alternative):
                continue
            if swapped:  # the words' roles are unsure: call them names
                alternative = [
                    q._replace(role="name") if q.role in ("given name", "surname") else q for q in alternative
                ]
                alternative.append(_Part(-1.0, SWAPPED))
            total = _total(alternative)
            if total > best:
                parts, best = alternative, total
    return parts


# --- date of birth -----------------------------------------------------------------------------------------

DOB_SAME, DOB_SWAPPED, DOB_DIGIT, DOB_YEAR_ONLY, DOB_SAME_YEAR, DOB_OTHER_YEAR, DOB_DIFFERENT = range(20, 27)
_DOB_BITS = {
    DOB_SAME: 14.0,  # log2(0.8 / (1 / 21,900 birth dates))
    DOB_SWAPPED: 9.0,
    DOB_DIGIT: 5.5,
    DOB_YEAR_ONLY: 5.5,  # log2(0.03 / (3% placeholders x 1/60 years))
    DOB_SAME_YEAR: -5.0,
    DOB_OTHER_YEAR: -7.0,
    # One person's two records disagree wholly on the date in well under 1% of pairs (a false date given).
    DOB_DIFFERENT: -9.0,
}


def _compare_dob(a: str, b: str) -> _Part:
    if not a or not b:
        return _Part(0.0, MISSING, role="date of birth") if (a or b) else _Part(0.0, NOTE)
    if a == b:
        level = DOB_SAME
    elif a[:4] == b[:4] and a[4:6] == b[6:] and a[6:] == b[4:6]:
        level = DOB_SWAPPED
    elif _one_typo(a, b):
        level = DOB_DIGIT
    elif a[:4] == b[:4]:
        # 1 January is the usual placeholder when only the year is known.
        level = DOB_YEAR_ONLY if a[4:] == "0101" or b[4:] == "0101" else DOB_SAME_YEAR
    else:
        level = DOB_OTHER_YEAR if a[4:] == b[4:] else DOB_DIFFERENT
    return _Part(_DOB_BITS[level], level, a, b)


def _one_typo(a: str, b: str) -> bool:
    """One digit changed, or two neighbouring digits swapped."""
    diff = [i for i in range(8) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


# --- shared identifiers ------------------------------------------------------------------------------------

# Bits for an identifier that both investigations hold. Addresses and businesses are shared by families and
# co-workers, so they count less; the sum is capped so identifiers cannot outvote a clear name disagreement.
IDENTIFIER_BITS = {
    "phone": 8.0,
    "email": 10.0,
    "handle": 8.0,
    "advert": 6.0,
    "vehicle": 6.0,
    "address": 4.0,
    "business": 2.0,
    "id_number": 12.0,  # a government or agency identifier (SSN, FBI number, A-number)
}
_IDENTIFIER_CAP = 14.0
EVERY_IDENTIFIER = tuple(IDENTIFIER_BITS)  # shared, they add the cap: the most any shared identifiers can add
_IDENTIFIER_WORDS = {"vehicle": "vehicle plate", "advert": "advertisement", "email": "e-mail address"}


def _compare_identifiers(kinds: Sequence[str]) -> list[_Part]:
    parts = []
    budget = _IDENTIFIER_CAP
    for kind in dict.fromkeys(kinds):
        bits = min(IDENTIFIER_BITS.get(kind, 4.0), budget)
        budget -= bits
        parts.append(_Part(bits, NOTE, role=f"Both investigations have the same {_IDENTIFIER_WORDS.get(kind, kind)}"))
    return parts


# --- names common in the records ----------------------------------------------------------------------------

# The name lists give national frequencies; a community's usual names (or a family's) can be far commoner among
# the records held. Agreement on them then counts less: by log2 of the namesakes the records hold over those the
# lists expect, plus one (at most this many bits; rarer than expected is not rewarded: one register's few
# records are too few to say a name is rare).
_NAMESAKE_FLOOR = -8.0


def _namesake_bits(a: Prepared, b: Prepared, counts: NameCounts) -> float:
    shared = name_keys(a) & name_keys(b)
    if not shared:
        return 0.0
    # Records holding the rarest name key both hold, but for one of the two: the namesakes either one has.
    found = min(counts.counts.get(key, 2) for key in shared) - 1
    expected = max(_expected_namesakes(a, counts.population), _expected_namesakes(b, counts.population))
    return max(_NAMESAKE_FLOOR, min(0.0, math.log2((expected + 1) / max(found, 1))))


def _expected_namesakes(p: Prepared, population: int) -> float:
    """Records of the primary name's given name and surname the name lists expect among `population`."""
    name = p.names[0] if p.names else None
    if name is None or name.given is None or not name.surnames:
        return 1.0
    return population * max(name.given.share, 1e-5) * max(name.surnames[0].share, 1e-5)


# --- wording -----------------------------------------------------------------------------------------------


def _shown_date(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def _word_reason(level: int, a: Tok, b: Tok, role: str) -> str:
    if level == EXACT:
        common = ", a common name" if a.share > _COMMON_SHARE else ""
        return f"Same {role} ({a.shown}{common})"
    if level == SPELLING:
        return f"{a.shown} and {b.shown} are spellings of one name"
    if level == NICKNAME:
        if b.text in a.related:
            short, full = (a, b) if len(a.text) <= len(b.text) else (b, a)
            return f"{short.shown} is a nickname of {full.shown}"
        root = sorted(a.formal & b.formal)[0]
        return f"{a.shown} and {b.shown} are both short for {root.capitalize()}"
    if level == SOUND:
        return f"{a.shown} sounds like {b.shown}"
    if level in (CLOSE, NEAR):
        return f"{a.shown} is spelled like {b.shown}"
    return f"{a.shown} is the initial of {b.shown}" if a.initial else f"{b.shown} is the initial of {a.shown}"


def _dob_words(level: int, a: str, b: str) -> tuple[str, str]:
    if level == DOB_SAME:
        return "Same date of birth", ""
    if level == DOB_OTHER_YEAR:
        return "", f"Different year of birth ({a[:4]} / {b[:4]})"
    both = f"({_shown_date(a)} / {_shown_date(b)})"
    if level == DOB_SWAPPED:
        return f"Day and month of birth swapped {both}", ""
    if level == DOB_DIGIT:
        return f"Date of birth differs by one digit {both}", ""
    if level == DOB_YEAR_ONLY:
        return f"Same year of birth; one record has only the year {both}", ""
    if level == DOB_SAME_YEAR:
        return "", f"Same year of birth, different day {both}"
    return "", f"Different date of birth {both}"


def _words_for(part: _Part) -> tuple[str, str]:
    """(reason, difference) for one part; one of them is empty."""
    level, a, b = part.level, part.a, part.b
    if level >= DOB_SAME:
        assert isinstance(a, str) and isinstance(b, str)
        return _dob_words(level, a, b)
    if level == NOTE:
        return part.role, ""
    if level == NAMESAKES:
        return "", "Many of the records have names like these"
    if level == MISSING:
        return "", f"{part.role.capitalize()} missing on one record"
    if level == DOUBLE:
        assert isinstance(a, tuple)
        return f"{' '.join(t.shown for t in a)} is a double surname", ""
    if level == ORDER:
        return "The two surnames are in the other order", ""
    if level == SWAPPED:
        return "Given name and surname are in the other order", ""
    assert isinstance(a, Tok)
    if level == MIDDLE_AS_GIVEN:
        return f"{a.shown} is a middle name on one record", ""
    assert isinstance(b, Tok)
    if level == DIFFERENT:
        return "", f"Different {part.role} ({a.shown} / {b.shown})"
    return _word_reason(level, a, b, part.role), ""


# --- score -------------------------------------------------------------------------------------------------

# Prior odds, in bits, that two records drawn from a register of about 100,000 people are one person.
PRIOR_BITS = -16.0


def score(
    a: Prepared,
    b: Prepared,
    shared_identifiers: Sequence[str] = (),
    *,
    explain: bool = True,
    counts: NameCounts | None = None,
) -> Match:
    """How likely a and b are one person (0..1), with the agreements and disagreements that say why.

    explain=False leaves reasons and differences empty and saves about a fifth of the time: for ranking many
    candidates, then explaining the few that are shown. ``counts`` (how often the names occur in the records)
    can only lower the score, so a caller may score without it first and count only for the pairs that pass."""
    name_parts: list[_Part] = []
    best = -math.inf
    for x in a.names:
        for y in b.names:
            parts = _compare_names(x, y)
            total = _total(parts)
            if total > best:
                best, name_parts = total, parts
    dob = _compare_dob(a.dob, b.dob)
    parts = [*name_parts, dob]
    bits = best + dob.bits + PRIOR_BITS if name_parts else dob.bits + PRIOR_BITS
    if counts is not None and name_parts and (namesakes := _namesake_bits(a, b, counts)) < 0:
        parts.append(_Part(namesakes, NAMESAKES))
        bits += namesakes
    if shared_identifiers:
        identifiers = _compare_identifiers(shared_identifiers)
        parts += identifiers
        bits += _total(identifiers)
    value = 1.0 / (1.0 + 2.0 ** (-bits)) if bits > -60 else 0.0
    if not explain:
        return Match(score=round(value, 4), reasons=(), differences=())
    reasons, differences = [], []
    parts.sort(key=_weight_of)
    for part in parts:
        reason, difference = _words_for(part)
        if reason:
            reasons.append(reason)
        elif difference:
            differences.append(difference)
    return Match(score=round(value, 4), reasons=tuple(reasons), differences=tuple(differences))


def _weight_of(part: _Part) -> float:
    """Sort key: the weightiest evidence first, for or against."""
    return -abs(part.bits)
