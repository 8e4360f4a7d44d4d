"""Post dates: every date becomes an aware UTC datetime; naive ones are read in the blog's zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

_SLASHED = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


@dataclass(frozen=True)
class ParsedDate:
    value: dt.datetime | None
    #: Why the value could not be read (value is None then).
    problem: str | None = None
    #: Something the writer should know about how it was read (value is set).
    note: str | None = None


def to_utc(value: dt.datetime | dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


def parse_date(value: object, zone: zoneinfo.ZoneInfo, post_date_format: str = "") -> ParsedDate:
    """Read a front-matter date: a YAML date/datetime, ISO text, or ABlog's ``post_date_format``."""
    if isinstance(value, (dt.datetime, dt.date)):
        return ParsedDate(to_utc(value, zone))
    if not isinstance(value, str):
        return ParsedDate(None, f"expected a date such as 2026-03-16, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return ParsedDate(None, "the date is empty")
    if post_date_format:
        try:
            return ParsedDate(to_utc(dt.datetime.strptime(text, post_date_format), zone))
        except ValueError:
            pass
    note = None
    slashed = _SLASHED.match(text)
    if slashed and int(slashed[1]) <= 12 and int(slashed[2]) <= 12 and slashed[1] != slashed[2]:
        note = "ambiguous"
    try:
        parsed = dt.datetime.fromisoformat(text)  # the common case, without loading dateutil
    except ValueError:
        parsed = None
    if parsed is not None and not note:
        return ParsedDate(to_utc(parsed, zone))
    from dateutil import parser as dateutil_parser

    try:
        parsed = dateutil_parser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError) as error:
        return ParsedDate(None, f"{text!r} is not a date ({error}); write it as 2026-03-16")
    if note:
        note = (
            f"{text!r} is ambiguous (day/month order); read as {parsed:%B %-d, %Y} "
            f"(month first). Write it as {parsed:%Y-%m-%d} to make it clear"
        )
    return ParsedDate(to_utc(parsed, zone), note=note)
