"""One iCalendar (.ics) feed per person, combining every app's events that person may see.

Apps register *event sources* in ``AppConfig.ready()``: functions ``(user) -> iterable of CalendarEntry``
that return only what ``user`` may see (governance: meetings and the person's action items; outreach,
later: trainings and awareness events). ``render_for(user)`` joins them into one calendar.

Calendar apps cannot sign in, so a feed is reached by a secret URL. Only a SHA-256 hash of the secret
is stored (by the app that owns the token model); ``new_token()`` gives the raw secret once, to be
shown once, and resetting it makes the old URL answer 404. Entries leave Accord for whatever calendar
service the person subscribes with, so sources put in titles, times, places and a link back, never
agendas, minutes or case data.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from icalendar import Calendar, Event

from accord.core.models import User

PRODID = "-//Accord//Task force calendar//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One event in a feed. ``uid`` must be stable across fetches so calendar apps update, not duplicate."""

    uid: str
    title: str
    start: datetime | date
    end: datetime | date | None = None
    location: str = ""
    description: str = ""
    url: str = ""


EventSource = Callable[[User], Iterable[CalendarEntry]]
SOURCES: list[EventSource] = []


def register_source(source: EventSource) -> EventSource:
    """Add an event source to every person's feed (idempotent, so a reloaded app does not add it twice)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def new_token() -> tuple[str, str]:
    """A fresh secret for a feed URL and the hash to store in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(f"accord-calendar:{token}".encode()).hexdigest()


def entries_for(user: User) -> list[CalendarEntry]:
    entries = [entry for source in SOURCES for entry in source(user)]
    return sorted(entries, key=lambda e: (_as_datetime(e.start), e.uid))


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=timezone.get_current_timezone())


def render(entries: Iterable[CalendarEntry], *, name: str, base_url: str = "") -> bytes:
    """An RFC 5545 calendar of ``entries``; relative entry URLs are made absolute with ``base_url``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        event.add("dtstart", entry.start)
        if entry.end is not None:
            event.add("dtend", entry.end)
        if entry.location:
            event.add("location", entry.location)
        url = f"{base_url}{entry.url}" if entry.url.startswith("/") else entry.url
        description = "\n\n".join(part for part in (entry.description, url) if part)
        if description:
            event.add("description", description)
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()


def render_for(user: User, *, name: str, base_url: str = "") -> bytes:
    return render(entries_for(user), name=name, base_url=base_url)
