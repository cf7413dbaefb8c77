"""Synthetic people and realistic variants of them, for benchmarks, tests and demo data.

Reproducible from a `random.Random`. Name pools follow realistic frequencies: US names from Faker's
census-weighted en_US lists plus a long tail of surnames from Faker's other locales, and Hispanic, Arabic,
Slavic, Vietnamese and Chinese (romanized) pools from accord/deconfliction/data/names.json. A duplicate is
the same person as entered by another agency, changed in one labelled way (`VARIANT_TYPES`).

    rng = random.Random(7)
    people = generate_people(1_000_000, rng, duplicate_rate=0.1)   # ~30 s for a million on one core
    hard = hard_set(random.Random(8), 20_000)                       # every duplicate a hard variant

Each record has the name as an investigator would write it ("Smith, John", "Nguyen Van Minh", "Maria Garcia
Lopez"), a date of birth (missing for 10% of people), and often a phone and a plate written one of the usual
ways. Relatives (same surname, another given name, another birth date or a twin's) are the hard negatives.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import json
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

from anyascii import anyascii

from accord.deconfliction.names import Person

_DATA = json.loads((Path(__file__).parent / "data" / "names.json").read_text(encoding="utf-8"))

# Variant types a duplicate can carry. The first group changes names or the date of birth (the hard ones),
# the last two only how the phone or plate was written.
NAME_VARIANT_TYPES = (
    "nickname",
    "transliteration",
    "double_surname",
    "swapped",
    "typo",
    "missing_dob",
    "missing_given",
    "dob_typo",
    "year_only",
)
IDENTIFIER_VARIANT_TYPES = ("phone_format", "plate_confusion")
VARIANT_TYPES = NAME_VARIANT_TYPES + IDENTIFIER_VARIANT_TYPES

# Share of the population by origin of the name: the communities' approximate share of US residents (data
# file), Hispanic 19% (2020 census), everyone else drawn from the US lists.
_SMALL_POOLS = {name: pool["us_share"] for name, pool in _DATA["pools"].items()}
POOL_SHARES = {"us": 0.81 - sum(_SMALL_POOLS.values()), "hispanic": 0.19, **_SMALL_POOLS}
# Pools whose names have several romanizations; hard-set transliteration variants are drawn from them.
ROMANIZED_POOLS = ("arabic", "slavic", "vietnamese", "chinese")


class VariantRecord(NamedTuple):  # a named tuple: a million of them build several times faster than dataclasses
    record_id: int
    entity_id: int  # records with the same entity_id are one person
    variant_type: str  # "original", "relative" (a different person of the same family) or one of VARIANT_TYPES
    person: Person
    phone: str = ""  # as entered
    plate: str = ""  # as entered
    plate_state: str = ""
    pool: str = "us"


class _Base(NamedTuple):
    """A person's name parts before they are written out."""

    pool: str
    sex: str
    given: str
    middle: str
    surnames: tuple[str, ...]
    dob: date | None
    family_first: bool = False  # written "Surname Given" (Vietnamese and Chinese custom)


# --- pools -------------------------------------------------------------------------------------------------


class _Weighted:
    """Weighted draws by bisection (random.choices costs several times more for one draw)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


def _cap(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


_NOT_SURNAMES = {"mr", "mrs", "dr", "sir", "von", "van", "del", "der", "den", "bin"}


@cache
def _surname_tail() -> tuple[str, ...]:
    """Surnames from Faker's other locales, romanized: the long tail of US surnames beyond the top 1,000."""
    from faker.providers.person.en_US import Provider

    top = {n.lower() for n in Provider.last_names}
    locale_text = (
        "de_DE fr_FR it_IT pl_PL nl_NL sv_SE cs_CZ hu_HU pt_BR pt_PT ga_IE en_IE en_GB fi_FI da_DK no_NO "
        "ro_RO hr_HR sk_SK el_GR tr_TR he_IL en_IN ko_KR uk_UA bg_BG lt_LT sl_SI id_ID th_TH fa_IR hi_IN "
        "yo_NG ig_NG"
    )
    locales = locale_text.split()
    tail: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("last_names", "last_names_male", "last_romanized_names"):
            for name in getattr(provider, attr, ()) or ():
                folded = anyascii(name).replace(" ", "").replace("'", "")
                if folded.isalpha() and len(folded) > 2 and folded.lower() not in top | _NOT_SURNAMES:
                    tail.add(folded.capitalize())
    return tuple(sorted(tail))


@cache
def _pools() -> dict[str, dict[str, _Weighted]]:
    from faker.providers.person.en_US import Provider as English
    from faker.providers.person.es_MX import Provider as Spanish
    from faker.providers.person.ru_RU import Provider as Russian
    from faker.providers.person.uk_UA import Provider as Ukrainian

    data = _DATA["pools"]
    # Sorted, never a bare set: set order changes with each process's string hashing, and draws follow it.
    spanish_surnames = sorted({anyascii(n) for n in Spanish.last_names})
    hispanic_weighted = {n: w for n, w in English.last_names.items() if n in spanish_surnames}
    # Census weights for the Hispanic surnames in the US top 1,000; the rest of Faker's Mexican list shares
    # as much again (Garcia is then ~3% of the pool; it is ~2% of US Hispanics).
    hispanic_rest = sum(hispanic_weighted.values()) / max(1, len(set(spanish_surnames) - set(hispanic_weighted)))
    hispanic = {**dict.fromkeys(spanish_surnames, hispanic_rest), **hispanic_weighted}
    russian = [anyascii(n) for n in Russian.last_names_male]
    ukrainian = [anyascii(n).replace("'", "") for n in Ukrainian.last_names]
    pools: dict[str, dict[str, _Weighted]] = {
        "us": {
            "given_male": _Weighted(dict(English.first_names_male)),
            "given_female": _Weighted(dict(English.first_names_female)),
            "surname": _Weighted(dict(English.last_names)),
        },
        "hispanic": {
            "given_male": _Weighted(_spanish_given(English.first_names_male, Spanish.first_names_male)),
            "given_female": _Weighted(_spanish_given(English.first_names_female, Spanish.first_names_female)),
            "surname": _Weighted(hispanic),
        },
        # Russian surnames are listed in order of frequency (a Zipf law over that order); Ukrainian ones
        # alphabetically (equal weights, 40% of the pool).
        "slavic": {"surname": _Weighted(_slavic_surnames(russian, ukrainian))},
    }
    for pool_name in ("arabic", "slavic", "vietnamese", "chinese"):
        for key, weights in data[pool_name].items():
            if isinstance(weights, dict):
                pools.setdefault(pool_name, {})[key] = _Weighted({_cap(n): w for n, w in weights.items()})
    return pools


def _slavic_surnames(russian: list[str], ukrainian: list[str]) -> dict[str, float]:
    weights = {n: 1.0 / (rank + 10) for rank, n in enumerate(russian)}
    each = 0.4 / 0.6 * sum(weights.values()) / len(ukrainian)
    return {**dict.fromkeys(ukrainian, each), **weights}


def _spanish_given(english: dict[str, float], spanish: Sequence[str]) -> dict[str, float]:
    """Faker's Mexican given names, weighted by their US weight where they have one, capped so no name
    passes ~2% of the pool (Jose, the commonest, is ~2-3% of Hispanic men)."""
    names = sorted({" ".join(anyascii(n).split()) for n in spanish})  # "Alta  Gracia": two spaces in Faker
    return {n: min(english.get(n, 0.003), 0.01) for n in names}


# --- base people -------------------------------------------------------------------------------------------

_POOL_DRAW = _Weighted(POOL_SHARES)
_FIRST_DOB = date(1950, 1, 1).toordinal()
_DOB_SPAN = date(2008, 12, 31).toordinal() - _FIRST_DOB


def _draw_base(rng: random.Random, pool: str | None = None) -> _Base:
    pool = pool or _POOL_DRAW.draw(rng)
    pools = _pools()[pool]
    sex = "male" if rng.random() < 0.5 else "female"
    given = pools[f"given_{sex}"].draw(rng)
    middle, family_first = "", False
    surnames: tuple[str, ...] = ()
    dob = date.fromordinal(_FIRST_DOB + int(rng.random() * _DOB_SPAN)) if rng.random() < 0.9 else None
    if pool == "us":
        tail = rng.random() < 0.45
        tail_names = _surname_tail()
        surnames = (tail_names[int(rng.random() * len(tail_names))] if tail else pools["surname"].draw(rng),)
        if rng.random() < 0.4:
            middle = pools[f"given_{sex}"].draw(rng)
            middle = middle if rng.random() < 0.6 else middle[0]
    elif pool == "hispanic":
        first, second = pools["surname"].draw(rng), pools["surname"].draw(rng)
        surnames = (first, second) if rng.random() < 0.6 and first != second else (first,)
        if rng.random() < 0.25:
            middle = pools[f"given_{sex}"].draw(rng)
    elif pool == "slavic":
        surname = pools["surname"].draw(rng)
        surnames = (surname + "a" if sex == "female" and surname[-2:] in ("ov", "ev", "in") else surname,)
    elif pool == "vietnamese":
        surnames = (pools["surname"].draw(rng),)
        middle = pools[f"middle_{sex}"].draw(rng) if rng.random() < 0.7 else ""
        family_first = rng.random() < 0.3
    elif pool == "chinese":
        surnames = (pools["surname"].draw(rng),)
        if rng.random() < 0.6:  # most given names are two syllables: "Wei" + "ming" is "Weiming"
            given += pools[f"given_{sex}"].draw(rng).lower()
        family_first = rng.random() < 0.3
    else:  # arabic
        surnames = (pools["surname"].draw(rng),)
        if rng.random() < 0.3:
            middle = pools["given_male"].draw(rng)  # father's name
    return _Base(pool, sex, given, middle, surnames, dob, family_first)


def _written(base: _Base, rng: random.Random) -> str:
    """How an investigator wrote the name down."""
    surname = " ".join(base.surnames)
    given = " ".join(p for p in (base.given, base.middle) if p)
    if not base.given:
        return surname
    if base.family_first:
        return " ".join(p for p in (surname, base.middle, base.given) if p)
    if rng.random() < 0.1:
        return f"{surname}, {given}"
    middle = f"{base.middle}." if len(base.middle) == 1 else base.middle
    return " ".join(p for p in (base.given, middle, surname) if p)


# --- identifiers -------------------------------------------------------------------------------------------

_AREA_CODE_TEXT = (
    "201 202 203 205 206 207 208 210 212 213 214 215 216 217 218 219 224 225 228 229 231 239 240 248 251 "
    "252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 "
    "317 318 319 320 321 323 325 330 331 334 336 337 339 347 351 352 360 361 385 386 401 402 404 405 406 "
    "407 408 409 410 412 413 414 415 417 419 423 424 425 430 432 434 435 440 443 469 470 475 478 479 480 "
    "484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 540 541 551 559 561 562 563 "
    "567 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 "
    "620 623 626 630 631 636 641 646 650 651 660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 "
    "715 716 717 718 719 720 724 727 731 732 734 740 754 757 760 763 765 770 772 773 774 775 781 785 786 "
    "801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848 850 856 "
    "857 858 859 860 862 863 864 865 870 901 903 904 906 907 908 909 910 912 913 914 915 916 917 918 919 "
    "920 925 928 931 936 937 940 941 945 947 949 951 952 954 956 970 971 972 973 978 979 980 985 989"
)
_AREA_CODES = _AREA_CODE_TEXT.split()
_PLATE_STATES = _Weighted({"TX": 9, "CA": 12, "FL": 7, "NY": 6, "IL": 4, "GA": 3, "OH": 4, "NC": 3, "AZ": 2, "NV": 1})


def _phone_digits(rng: random.Random) -> str:
    exchange = 200 + int(rng.random() * 800)
    while exchange % 100 == 11 or exchange == 555:  # N11 and 555 are not ordinary exchanges
        exchange = 200 + int(rng.random() * 800)
    area = _AREA_CODES[int(rng.random() * len(_AREA_CODES))]
    return f"{area}{exchange}{int(rng.random() * 10000):04d}"


_PHONE_FORMATS: tuple[Callable[[str], str], ...] = (
    lambda d: f"({d[:3]}) {d[3:6]}-{d[6:]}",
    lambda d: f"{d[:3]}.{d[3:6]}.{d[6:]}",
    lambda d: f"+1 {d[:3]} {d[3:6]} {d[6:]}",
    lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
    lambda d: d,
    lambda d: f"1-{d[:3]}-{d[3:6]}-{d[6:]}",
    lambda d: f"+1{d}",
)


def format_phone(digits: str, rng: random.Random) -> str:
    """Ten digits written one of the ways people write them: "(512) 555-0100", "512.555.0100", …"""
    return rng.choice(_PHONE_FORMATS)(digits)


def _plate_chars(rng: random.Random) -> str:
    letters = "".join(rng.choices(string.ascii_uppercase, k=3))
    digits = f"{rng.randrange(10000):04d}"
    return letters + digits if rng.random() < 0.7 else f"{digits[0]}{letters}{digits[1:]}"


_CONFUSABLE = {"O": "0", "0": "O", "I": "1", "1": "I", "Q": "0"}


def confuse_plate(chars: str, rng: random.Random) -> str:
    """A plate as misread or retyped: O/0, I/1 swapped, a space or dash added, lower case."""
    out = list(chars)
    spots = [i for i, c in enumerate(out) if c in _CONFUSABLE]
    if spots:
        i = rng.choice(spots)
        out[i] = _CONFUSABLE[out[i]]
    text = "".join(out)
    style = rng.randrange(4)
    if style == 0:
        text = f"{text[:3]} {text[3:]}"
    elif style == 1:
        text = f"{text[:3]}-{text[3:]}"
    elif style == 2:
        text = text.lower()
    return text


# --- variants ----------------------------------------------------------------------------------------------


@cache
def _spelling_alternatives() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for group in _DATA["spellings"]:
        for member in group:
            out[member] = tuple(m for m in group if m != member)
    return out


@cache
def _nickname_alternatives() -> dict[str, tuple[str, ...]]:
    from nicknames import name_triplets

    related: dict[str, set[str]] = {}
    for one, relationship, other in name_triplets():
        if relationship == "has_nickname":
            related.setdefault(one, set()).add(other)
            related.setdefault(other, set()).add(one)
    return {k: tuple(sorted(v)) for k, v in related.items()}


# Romanization rules per name origin: the same sound as another system or another clerk writes it
# (Russian: BGN/PCGN, ISO 9 and German- or French-style spellings; Arabic: vowel and doubling habits).
_SPELLING_RULES = {
    "slavic": (
        ("ks", "x"), ("x", "ks"), ("iy", "y"), ("yi", "i"), ("ii", "i"), ("ya", "ia"), ("yu", "iu"), ("kh", "h"),
        ("v", "w"), ("ov", "off"), ("ev", "eff"), ("zh", "j"), ("ei", "ey"), ("ey", "ei"), ("e", "ye"), ("ch", "tch"),
    ),
    "arabic": (
        ("ou", "u"), ("u", "ou"), ("oo", "u"), ("ee", "i"), ("i", "ee"), ("ph", "f"), ("q", "k"), ("kh", "h"),
        ("ss", "s"), ("s", "ss"), ("mm", "m"), ("m", "mm"), ("dd", "d"), ("a", "e"), ("e", "a"), ("ai", "ei"),
    ),
    "vietnamese": (("uy", "ui"), ("y", "i"), ("ng", "n"), ("gu", "g"), ("ph", "f"), ("d", "z")),
    "chinese": (("x", "hs"), ("q", "ch"), ("zh", "j"), ("z", "ts"), ("ao", "au"), ("ui", "uei"), ("ong", "ung")),
}  # fmt: skip


def _respell(word: str, rng: random.Random, pool: str) -> str | None:
    lower = word.lower()
    known = _spelling_alternatives().get(lower)
    if known:
        return _cap(rng.choice(known))
    rules = [(a, b) for a, b in _SPELLING_RULES.get(pool, ()) if a in lower[1:]]  # the first letter stays
    if not rules:
        return None
    a, b = rng.choice(rules)
    spots = [i for i in range(1, len(lower)) if lower.startswith(a, i)]
    i = rng.choice(spots)
    return _cap(lower[:i] + b + lower[i + len(a) :])


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: insert, delete, substitute or transpose; the first letter is kept more often."""
    lower = word.lower()
    start = 0 if rng.random() < 0.15 else 1
    if len(lower) < 3:
        return _cap(lower + rng.choice(string.ascii_lowercase))
    i = rng.randrange(start, len(lower) - 1)
    kind = rng.randrange(4)
    letter = rng.choice(string.ascii_lowercase)
    if kind == 0:
        out = lower[:i] + letter + lower[i:]
    elif kind == 1:
        out = lower[:i] + lower[i + 1 :]
    elif kind == 2:
        out = lower[:i] + (letter if letter != lower[i] else "x") + lower[i + 1 :]
    else:
        out = lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :] if lower[i] != lower[i + 1] else lower + "e"
    return _cap(out)


def _dob_typo(dob: date, rng: random.Random) -> date:
    """A mistyped date: one digit changed, day and month swapped, or two neighbouring digits swapped."""
    text = dob.strftime("%Y%m%d")
    for _ in range(20):
        kind = rng.randrange(3)
        if kind == 0 and dob.day <= 12 and dob.day != dob.month:
            candidate = f"{text[:4]}{text[6:]}{text[4:6]}"
        elif kind == 1:
            i = rng.randrange(2, 8)
            candidate = text[:i] + rng.choice(string.digits.replace(text[i], "")) + text[i + 1 :]
        else:
            i = rng.randrange(2, 7)
            candidate = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        try:
            typo = date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:]))
        except ValueError:
            continue
        if typo != dob:
            return typo
    return dob + timedelta(days=1)


def _name_variant(base: _Base, kind: str, rng: random.Random) -> _Base | None:
    """The base person changed in one way, or None when that change does not apply to them."""
    if kind == "nickname":
        options = _nickname_alternatives().get(base.given.lower())
        return base._replace(given=_cap(rng.choice(options))) if options else None
    if kind == "transliteration":
        order = [0, 1] if rng.random() < 0.5 else [1, 0]
        for which in order:
            if which == 0 and (alt := _respell(base.given, rng, base.pool)):
                return base._replace(given=alt)
            if which == 1 and (alt := _respell(base.surnames[0], rng, base.pool)):
                return base._replace(surnames=(alt, *base.surnames[1:]))
        return None
    if kind == "double_surname":
        if len(base.surnames) < 2:
            return None
        first, second = base.surnames[:2]
        way = rng.randrange(4)
        surnames = ((first,), (second,), (f"{first}-{second}",), (second, first))[way]
        return base._replace(surnames=surnames)
    if kind == "swapped":
        return base._replace(family_first=not base.family_first)
    if kind == "typo":
        if rng.random() < 0.5:
            return base._replace(given=_typo(base.given, rng))
        return base._replace(surnames=(_typo(base.surnames[0], rng), *base.surnames[1:]))
    if kind == "missing_dob":
        return base._replace(dob=None) if base.dob else None
    if kind == "missing_given":
        return base._replace(given="", middle="") if base.dob else None
    if kind == "dob_typo":
        return base._replace(dob=_dob_typo(base.dob, rng)) if base.dob else None
    if kind == "year_only":
        if not base.dob or (base.dob.month, base.dob.day) == (1, 1):
            return None
        return base._replace(dob=date(base.dob.year, 1, 1))
    return base  # identifier-only variants keep the name


def _relative(base: _Base, rng: random.Random) -> _Base:
    """A different person of the same family: same surname, another given name, another birth date (a twin
    now and then)."""
    other = _draw_base(rng, base.pool)
    while other.given == base.given:
        other = _draw_base(rng, base.pool)
    dob = base.dob
    if dob and rng.random() > 0.05:
        dob = dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 12000))
    return other._replace(surnames=base.surnames, dob=dob, family_first=base.family_first)


# --- records -----------------------------------------------------------------------------------------------


@dataclass
class _Maker:
    rng: random.Random
    records: list[VariantRecord]

    def add(self, entity_id: int, kind: str, base: _Base, phone: str, plate: tuple[str, str]) -> None:
        person = Person(names=(_written(base, self.rng),), date_of_birth=base.dob)
        record = VariantRecord(
            record_id=len(self.records),
            entity_id=entity_id,
            variant_type=kind,
            person=person,
            phone=phone,
            plate=plate[0],
            plate_state=plate[1],
            pool=base.pool,
        )
        self.records.append(record)


def _identifiers(rng: random.Random) -> tuple[str, tuple[str, str]]:
    phone = _phone_digits(rng) if rng.random() < 0.7 else ""
    plate = ("", "")
    if rng.random() < 0.4:
        plate = (_plate_chars(rng), _PLATE_STATES.draw(rng))
    return phone, plate


def _duplicate(
    maker: _Maker, entity_id: int, base: _Base, ids: tuple[str, tuple[str, str]], kinds: Sequence[str]
) -> bool:
    """Add one variant of base, trying the kinds in order until one applies."""
    rng = maker.rng
    phone, plate = ids
    for kind in kinds:
        variant = _name_variant(base, kind, rng)
        if variant is None:
            continue
        # Another agency holds the same phone half the time (written its own way), the plate a third.
        same_phone = phone and (kind == "phone_format" or rng.random() < 0.5)
        same_plate = plate[0] and (kind == "plate_confusion" or rng.random() < 0.33)
        dup_phone = format_phone(phone, rng) if same_phone else ""
        dup_plate = (confuse_plate(plate[0], rng), plate[1]) if same_plate else ("", "")
        maker.add(entity_id, kind, variant, dup_phone, dup_plate)
        return True
    return False


def generate_people(
    count: int, rng: random.Random, duplicate_rate: float = 0.1, relative_rate: float = 0.02
) -> list[VariantRecord]:
    """count base people (entity_id = their index), then a variant of about duplicate_rate of them (type
    drawn from VARIANT_TYPES) and a relative of about relative_rate (a different entity)."""
    maker = _Maker(rng, [])
    bases: list[tuple[_Base, tuple[str, tuple[str, str]]]] = []
    for entity_id in range(count):
        base = _draw_base(rng)
        ids = _identifiers(rng)
        bases.append((base, ids))
        phone, plate = ids
        maker.add(entity_id, "original", base, format_phone(phone, rng) if phone else "", plate)
    next_entity = count
    for entity_id, (base, ids) in enumerate(bases):
        draw = rng.random()
        if draw < duplicate_rate:
            kinds = [rng.choice(VARIANT_TYPES), *rng.sample(VARIANT_TYPES, len(VARIANT_TYPES))]
            _duplicate(maker, entity_id, base, ids, kinds)
        elif draw < duplicate_rate + relative_rate:
            phone = ids[0] if rng.random() < 0.5 else ""
            maker.add(
                next_entity, "relative", _relative(base, rng), format_phone(phone, rng) if phone else "", ("", "")
            )
            next_entity += 1
    return maker.records


def _base_for(kind: str, rng: random.Random) -> _Base:
    """A person the variant type applies to: transliterations need a romanized name, a double surname two
    surnames, date variants need a date."""
    if kind == "transliteration":
        return _draw_base(rng, rng.choice(ROMANIZED_POOLS))
    if kind == "double_surname":
        base = _draw_base(rng, "hispanic")
        while len(base.surnames) < 2:
            base = _draw_base(rng, "hispanic")
        return base
    base = _draw_base(rng)
    while kind in ("missing_dob", "missing_given", "dob_typo", "year_only") and not base.dob:
        base = _draw_base(rng)
    return base


def hard_set(rng: random.Random, size: int, relative_rate: float = 0.05) -> list[VariantRecord]:
    """About `size` records: half are singletons (some of them relatives of another entity, the hard
    negatives), half are pairs of an original and one hard variant, the name variant types in turn (each
    drawn from the people it applies to, so small communities are over-represented among the pairs)."""
    maker = _Maker(rng, [])
    pairs = size // 4
    kinds = itertools.cycle(NAME_VARIANT_TYPES)
    entity_id = 0
    for _ in range(pairs):
        wanted = next(kinds)
        base, ids = _base_for(wanted, rng), _identifiers(rng)
        maker.add(entity_id, "original", base, format_phone(ids[0], rng) if ids[0] else "", ids[1])
        _duplicate(maker, entity_id, base, ids, [wanted, *rng.sample(NAME_VARIANT_TYPES, len(NAME_VARIANT_TYPES))])
        entity_id += 1
    while len(maker.records) < size:
        base, ids = _draw_base(rng), _identifiers(rng)
        maker.add(entity_id, "original", base, format_phone(ids[0], rng) if ids[0] else "", ids[1])
        entity_id += 1
        if rng.random() < relative_rate:
            phone = ids[0] if rng.random() < 0.5 else ""
            maker.add(entity_id, "relative", _relative(base, rng), format_phone(phone, rng) if phone else "", ("", ""))
            entity_id += 1
    return maker.records
