"""Canonical forms of target identifiers, so that one phone, e-mail, address, plate, handle, advert or
business written two ways is stored and matched as one.

Plain Python: importable without Django settings. Every function takes what an investigator typed and
returns a `Normalized`. Nothing raises on bad input: what cannot be parsed is kept in a cleaned form,
flagged (`ok=False`) with a note in plain words, and still matched exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

import phonenumbers
import us
import usaddress
from anyascii import anyascii


@dataclass(frozen=True)
class Normalized:
    value: str  # canonical form used for exact matching; when unparseable, a cleaned form of what was entered
    display: str  # readable canonical form, e.g. "+1 512-555-0100"
    ok: bool  # False when it could not be parsed: kept as entered, flagged, still matched exactly
    note: str = ""  # plain words for the investigator when ok is False


_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _unparsed(value: str, raw: str, note: str) -> Normalized:
    return Normalized(value=value, display=_squash(raw), ok=False, note=note)


# --- phone -------------------------------------------------------------------------------------------------


def phone(raw: str, region: str = "US") -> Normalized:
    """E.164 ("+15125550100"); display in international format ("+1 512-555-0100")."""
    region = (region or "US").upper()
    digits = re.sub(r"[^0-9+]", "", raw) or _squash(raw).lower()
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return _unparsed(digits, raw, f"Not a valid {region} phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number):
        # Possible but unassigned numbers (wrong length, unused area code) still match their own E.164 form.
        value = e164 if phonenumbers.is_possible_number(number) else digits
        return _unparsed(value, raw, f"Not a valid {region} phone number")
    number.extension = None  # an extension reaches the same line
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Normalized(value=e164, display=display, ok=True)


# --- e-mail ------------------------------------------------------------------------------------------------

_GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email(raw: str) -> Normalized:
    """Lower-case; for Gmail, dots and "+tag" in the local part are folded (Gmail delivers them alike)."""
    text = _squash(raw).lower().removeprefix("mailto:").strip("<>\"' ")
    if not _EMAIL.match(text):
        return _unparsed(text, raw, "Not a valid e-mail address")
    local, domain = text.rsplit("@", 1)
    domain = domain.rstrip(".")
    if domain in _GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    value = f"{local}@{domain}"
    return Normalized(value=value, display=value, ok=bool(local))


# --- address -----------------------------------------------------------------------------------------------

# USPS Publication 28, Appendix C1 (street suffixes; the common ones) and C2 (secondary unit designators).
_STREET_SUFFIXES = {
    "ALLEY": "ALY", "ALLY": "ALY", "ANNEX": "ANX", "ARCADE": "ARC", "AVENUE": "AVE", "AV": "AVE", "AVEN": "AVE",
    "AVENU": "AVE", "AVN": "AVE", "AVNUE": "AVE", "BAYOU": "BYU", "BEACH": "BCH", "BEND": "BND", "BLUFF": "BLF",
    "BOULEVARD": "BLVD", "BOUL": "BLVD", "BOULV": "BLVD", "BRANCH": "BR", "BRIDGE": "BRG", "BROOK": "BRK",
    "BYPASS": "BYP", "CANYON": "CYN", "CAUSEWAY": "CSWY", "CENTER": "CTR", "CENTRE": "CTR", "CIRCLE": "CIR",
    "CIRC": "CIR", "CLIFF": "CLF", "CLUB": "CLB", "COMMON": "CMN", "CORNER": "COR", "COURSE": "CRSE",
    "COURT": "CT", "COVE": "CV", "CREEK": "CRK", "CRESCENT": "CRES", "CROSSING": "XING", "DALE": "DL",
    "DRIVE": "DR", "DRIV": "DR", "DRV": "DR", "ESTATE": "EST", "ESTATES": "ESTS", "EXPRESSWAY": "EXPY",
    "EXTENSION": "EXT", "FALLS": "FLS", "FERRY": "FRY", "FIELD": "FLD", "FIELDS": "FLDS", "FLAT": "FLT",
    "FOREST": "FRST", "FORK": "FRK", "FORT": "FT", "FREEWAY": "FWY", "GARDEN": "GDN", "GARDENS": "GDNS",
    "GATEWAY": "GTWY", "GLEN": "GLN", "GREEN": "GRN", "GROVE": "GRV", "HARBOR": "HBR", "HAVEN": "HVN",
    "HEIGHTS": "HTS", "HIGHWAY": "HWY", "HIWAY": "HWY", "HILL": "HL", "HILLS": "HLS", "HOLLOW": "HOLW",
    "ISLAND": "IS", "JUNCTION": "JCT", "KNOLL": "KNL", "LAKE": "LK", "LAKES": "LKS", "LANDING": "LNDG",
    "LANE": "LN", "LOOP": "LOOP", "MANOR": "MNR", "MEADOW": "MDW", "MEADOWS": "MDWS", "MILL": "ML",
    "MISSION": "MSN", "MOUNT": "MT", "MOUNTAIN": "MTN", "OVERPASS": "OPAS", "PARK": "PARK", "PARKWAY": "PKWY",
    "PARKWY": "PKWY", "PKWAY": "PKWY", "PASS": "PASS", "PATH": "PATH", "PIKE": "PIKE", "PINES": "PNES",
    "PLACE": "PL", "PLAIN": "PLN", "PLAINS": "PLNS", "PLAZA": "PLZ", "POINT": "PT", "POINTS": "PTS",
    "PORT": "PRT", "PRAIRIE": "PR", "RANCH": "RNCH", "RIDGE": "RDG", "RIVER": "RIV", "ROAD": "RD",
    "ROADS": "RDS", "ROUTE": "RTE", "ROW": "ROW", "RUN": "RUN", "SHORE": "SHR", "SHORES": "SHRS",
    "SKYWAY": "SKWY", "SPRING": "SPG", "SPRINGS": "SPGS", "SQUARE": "SQ", "STATION": "STA", "STREET": "ST",
    "STR": "ST", "STRT": "ST", "STREETS": "STS", "SUMMIT": "SMT", "TERRACE": "TER", "TRACE": "TRCE",
    "TRAIL": "TRL", "TRAILS": "TRL", "TRAFFICWAY": "TRFY", "TUNNEL": "TUNL", "TURNPIKE": "TPKE",
    "UNDERPASS": "UPAS", "UNION": "UN", "VALLEY": "VLY", "VIEW": "VW", "VILLAGE": "VLG", "VILLE": "VL",
    "VISTA": "VIS", "WALK": "WALK", "WAY": "WAY", "WELLS": "WLS",
}  # fmt: skip
_DIRECTIONALS = {
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "NORTHEAST": "NE", "NORTHWEST": "NW",
    "SOUTHEAST": "SE", "SOUTHWEST": "SW", "NORTE": "N", "SUR": "S", "ESTE": "E", "OESTE": "W",
}  # fmt: skip
_UNIT_TYPES = {
    "APARTMENT": "APT", "BASEMENT": "BSMT", "BUILDING": "BLDG", "DEPARTMENT": "DEPT", "FLOOR": "FL",
    "FRONT": "FRNT", "HANGAR": "HNGR", "LOBBY": "LBBY", "LOT": "LOT", "LOWER": "LOWR", "OFFICE": "OFC",
    "PENTHOUSE": "PH", "PIER": "PIER", "REAR": "REAR", "ROOM": "RM", "SPACE": "SPC", "STOP": "STOP",
    "SUITE": "STE", "TRAILER": "TRLR", "UNIT": "UNIT", "UPPER": "UPPR", "#": "#",
}  # fmt: skip
_ORDINALS = {
    "FIRST": "1ST", "SECOND": "2ND", "THIRD": "3RD", "FOURTH": "4TH", "FIFTH": "5TH", "SIXTH": "6TH",
    "SEVENTH": "7TH", "EIGHTH": "8TH", "NINTH": "9TH", "TENTH": "10TH", "ELEVENTH": "11TH", "TWELFTH": "12TH",
}  # fmt: skip
_LINE_ONE_LABELS = (
    "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
    "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional", "USPSBoxType", "USPSBoxID", "USPSBoxGroupType", "USPSBoxGroupID",
    "BuildingName", "LandmarkName", "IntersectionSeparator", "SecondStreetName", "SecondStreetNamePostType",
)  # fmt: skip


def _address_word(word: str, label: str) -> str:
    if label.endswith("Directional"):
        return _DIRECTIONALS.get(word, word)
    if label.endswith("Type") and "Box" not in label:
        return _STREET_SUFFIXES.get(word, word)
    if label in ("StreetName", "SecondStreetName"):
        return _ORDINALS.get(word, word)
    return word


def _address_parts(raw: str) -> dict[str, str] | None:
    text = _squash(anyascii(raw)).upper()
    try:
        tagged, _kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return None
    parts = {}
    for label, piece in tagged.items():
        words = [w for w in re.split(r"[\s.,]+", piece) if w]
        parts[label] = "PO BOX" if label == "USPSBoxType" else " ".join(_address_word(w, label) for w in words)
    return parts


def _unit(parts: dict[str, str]) -> tuple[str, str]:
    """(for matching, for display): the designator is left out of matching ("Apt 5" = "Unit 5" = "#5")."""
    ident = parts.get("OccupancyIdentifier", "").lstrip("#").strip()
    if not ident:
        return "", ""
    kind = parts.get("OccupancyType", "#").strip()
    kind = _UNIT_TYPES.get(kind, kind) or "#"
    return f"#{ident}", (f"# {ident}" if kind == "#" else f"{kind} {ident}")


def address(raw: str) -> Normalized:
    """USPS Publication 28 style: "123 N MAIN ST APT 5, AUSTIN TX 78701". Matching uses the street line, the
    unit number and ZIP5 (or city and state when there is no ZIP), so "Apt 5"/"#5" and ZIP+4 agree."""
    cleaned = _squash(re.sub(r"[^\w#]+", " ", anyascii(raw).upper()))
    parts = _address_parts(raw)
    if (
        not parts
        or not parts.get("AddressNumber", parts.get("USPSBoxID"))
        or not (parts.get("StreetName") or parts.get("USPSBoxID"))
    ):
        return _unparsed(cleaned, raw, "Could not read this as a US street address")
    line_one = " ".join(parts[label] for label in _LINE_ONE_LABELS if parts.get(label))
    unit_key, unit_shown = _unit(parts)
    city = parts.get("PlaceName", "")
    state_found = us.states.lookup(parts["StateName"]) if parts.get("StateName") else None
    state = state_found.abbr if state_found else parts.get("StateName", "")
    zip5 = re.sub(r"\D", "", parts.get("ZipCode", ""))[:5]
    place = zip5 if len(zip5) == 5 else f"{city} {state}".strip()
    value = " ".join(p for p in (line_one, unit_key, place) if p)
    display = ", ".join(p for p in (f"{line_one} {unit_shown}".strip(), f"{city} {state} {zip5}".strip()) if p)
    if zip5 and len(zip5) != 5:
        return Normalized(value=value, display=display, ok=False, note="The ZIP code is not five digits")
    return Normalized(value=value, display=display, ok=True)


# --- vehicle plate -----------------------------------------------------------------------------------------

# Characters a witness, a camera or a typist confuses on plates; both sides are folded the same way.
_PLATE_FOLD = str.maketrans({"O": "0", "Q": "0", "I": "1"})


def _state_code(state: str) -> str | None:
    found = us.states.lookup(state.strip()) if state and state.strip() else None
    return found.abbr if found else None


def plate(raw: str, state: str) -> Normalized:
    """ "TX:ABC1234". Spaces, dashes and dots are dropped; O and Q read as 0 and I as 1 (plates are read from
    photos and by ear), so "ABC-I234" and "abc 1234" are one plate."""
    chars = re.sub(r"[^A-Z0-9]", "", anyascii(raw).upper())
    code = _state_code(state)
    folded = chars.translate(_PLATE_FOLD)
    prefix = code or _squash(state).upper() or "??"
    value = f"{prefix}:{folded}"
    display = f"{prefix} {chars}"
    if not code:
        return Normalized(value=value, display=display, ok=False, note="Unknown state or territory for the plate")
    if not 1 <= len(chars) <= 8:
        return Normalized(value=value, display=display, ok=False, note="A plate has 1 to 8 letters and digits")
    return Normalized(value=value, display=display, ok=True)


# --- online handle -----------------------------------------------------------------------------------------

# host (without "www.", "m.") -> platform; the handle is the first path segment unless said otherwise.
_PLATFORM_HOSTS = {
    "instagram.com": "instagram", "instagr.am": "instagram", "facebook.com": "facebook", "fb.com": "facebook",
    "twitter.com": "x", "x.com": "x", "tiktok.com": "tiktok", "snapchat.com": "snapchat", "t.me": "telegram",
    "telegram.me": "telegram", "reddit.com": "reddit", "youtube.com": "youtube", "onlyfans.com": "onlyfans",
    "linkedin.com": "linkedin", "github.com": "github", "threads.net": "threads", "threads.com": "threads",
    "twitch.tv": "twitch", "pinterest.com": "pinterest", "cash.app": "cashapp", "venmo.com": "venmo",
    "kik.me": "kik", "discord.com": "discord", "bsky.app": "bluesky",
}  # fmt: skip
_PLATFORM_ALIASES = {"twitter": "x", "ig": "instagram", "insta": "instagram", "fb": "facebook", "tg": "telegram"}
# Path words that come before the handle on some sites ("/u/name", "/in/name", "/add/name", "/profile/name").
_HANDLE_PATH_PREFIXES = {"u", "user", "in", "add", "profile", "c", "channel", "people", "pg", "$", "profiles"}
_HANDLE_CHARS = re.compile(r"[^a-z0-9._\-]")


def _platform_name(text: str) -> str:
    name = re.sub(r"[^a-z0-9]", "", text.lower())
    return _PLATFORM_ALIASES.get(name, name)


def _split_url(text: str) -> SplitResult | None:
    """The URL's parts, or None when it cannot be one ("[/" is an unclosed IPv6 host to urllib)."""
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        parts.hostname  # noqa: B018 (parsing the host can raise too)
    except ValueError:
        return None
    return parts


def _handle_from_url(text: str) -> tuple[str, str] | None:
    parts = _split_url(text)
    if parts is None:
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    platform = _PLATFORM_HOSTS.get(host)
    if not platform:
        return None
    segments = [s for s in parts.path.split("/") if s]
    while segments and segments[0].lower() in _HANDLE_PATH_PREFIXES:
        segments = segments[1:]
    if not segments:
        return None
    return platform, segments[0].lstrip("@$")


def handle(raw: str, platform: str = "") -> Normalized:
    """ "instagram:some.user" from "@Some.User", "instagram.com/some.user/?hl=en" and the like; without a
    known platform, the bare lower-case handle."""
    text = _squash(raw)
    from_url = _handle_from_url(text) if ("/" in text or "." in text.split("@")[0]) else None
    platform_name = _platform_name(platform)
    if from_url:
        platform_name = platform_name or from_url[0]
        text = from_url[1]
    name = _HANDLE_CHARS.sub("", anyascii(text).lower().lstrip("@$"))
    if not name:
        return _unparsed(text.lower(), raw, "No handle found in what was entered")
    value = f"{platform_name}:{name}" if platform_name else name
    display = f"@{name} ({platform_name})" if platform_name else f"@{name}"
    return Normalized(value=value, display=display, ok=True)


# --- advert ------------------------------------------------------------------------------------------------

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_\w+|ref|ref_src|igshid|si|s)$")
_AD_NUMBER = re.compile(r"(?<![0-9])([0-9]{6,})(?![0-9])")


def _registrable_host(host: str) -> str:
    """The site without city or mobile subdomains ("austin.craigslist.org" -> "craigslist.org"); ad ids are
    unique per site. Two-letter second levels ("co.uk", "com.mx") keep one more label."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def advert(raw: str) -> Normalized:
    """Ad URLs reduce to "site:ad-number" when the path carries a long number (the ad's id on classified
    sites, which stays the same when the title slug or city changes); otherwise host and path without
    tracking parameters. A bare identifier is kept upper-case without spaces."""
    text = _squash(raw)
    if not text:
        return _unparsed("", raw, "Nothing was entered")
    looks_like_url = "://" in text or re.match(r"^[\w-]+(\.[\w-]+)+/", text)
    if not looks_like_url:
        ident = re.sub(r"[\s\-]", "", text).upper()
        return Normalized(value=f"id:{ident}", display=ident, ok=True)
    parts = _split_url(text)
    host = _registrable_host((parts.hostname or "").lower()) if parts else ""
    if not parts or not host:
        return _unparsed(text.lower(), raw, "Not a web address")
    path = parts.path.rstrip("/").lower()
    numbers = _AD_NUMBER.findall(path) or _AD_NUMBER.findall(parts.query)
    if numbers:
        value = f"{host}:{numbers[-1]}"
        return Normalized(value=value, display=value, ok=True)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k.lower())))
    value = f"{host}{path}" + (f"?{query}" if query else "")
    return Normalized(value=value, display=value, ok=True)


# --- business ----------------------------------------------------------------------------------------------

# Legal-form words dropped at the end of a business name ("Lotus Spa, LLC" is "Lotus Spa").
_LEGAL_FORMS = {
    "llc", "l l c", "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "lp", "llp",
    "lllp", "pllc", "pc", "pa", "plc", "gmbh", "sa", "sa de cv", "de cv", "s de rl", "dba", "enterprises",
}  # fmt: skip
_LEADING_ARTICLES = ("the ",)


def _fold_text(text: str) -> str:
    text = anyascii(unicodedata.normalize("NFKC", text)).lower().replace("&", " and ")
    return _squash(re.sub(r"[^a-z0-9]+", " ", text))


def business(raw: str) -> Normalized:
    """ASCII-folded, lower-case words; punctuation, a leading "the" and trailing legal forms
    (LLC, Inc., Corp., Co., Ltd. …) dropped: "The Lotus Spa, L.L.C." -> "lotus spa"."""
    words = _fold_text(raw.replace(".", ""))
    changed = True
    while changed:
        changed = False
        for form in sorted(_LEGAL_FORMS, key=len, reverse=True):
            if words.endswith(f" {form}"):
                words, changed = words[: -len(form) - 1], True
    for article in _LEADING_ARTICLES:
        if words.startswith(article) and len(words) > len(article):
            words = words[len(article) :]
    if not words:
        return _unparsed(_fold_text(raw), raw, "No business name found in what was entered")
    return Normalized(value=words, display=_squash(raw), ok=True)


NORMALIZERS: dict[str, Callable[..., Normalized]] = {
    "phone": phone,
    "email": email,
    "address": address,
    "vehicle": plate,
    "handle": handle,
    "advert": advert,
    "business": business,
}
