"""Partial dates: ``2018``, ``2018-08`` or ``2018-08-31``.

News articles rarely give full dates ("in June", "last year"), so a record
keeps exactly the precision the text supports. A partial date is an
*interval*: ``2018`` covers 2018-01-01..2018-12-31. Comparisons are therefore
interval comparisons: ``2018`` is not "before" ``2018-05-01``; it contains it.
Open States and Popolo accept ``2018-13``; we check the calendar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

# What a date is, exactly: four ASCII digits for the year (1000 to 9999: a
# leading zero would be a year nobody in these articles wrote), optionally
# `-MM` and `-DD`, nothing else: no sign, no fifth digit, no space before or
# after, no full-width or other scripts' digits (`\d` would take those). The
# same rule for `date: 2018` (an integer to YAML), `date: "2018"` and the JSON
# Schema below; tests/test_dates.py runs both on the same strings.
_YEAR = r"[1-9][0-9]{3}"
_PARTS = re.compile(rf"({_YEAR})(?:-([0-9]{{2}})(?:-([0-9]{{2}}))?)?")
# The JSON Schema's pattern is exact too, calendar included (month lengths and
# leap years), so an editor refuses what `civicdata validate` refuses.
_LEAP = r"(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"
_DAY31 = r"(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
_DAY30 = r"(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
_FEB = r"02-(?:0[1-9]|1[0-9]|2[0-8])"
PATTERN = (
    rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?"
    rf"|{_YEAR}-(?:{_DAY31}|{_DAY30}|{_FEB})|{_LEAP}-02-29)$(?!\n)"
)  # `(?!\n)`: Python's `$` (jsonschema's engine) also matches before a final newline
_NOT_A_DATE = "{!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-08-31)"
_NOT_A_YEAR = (
    "{} is not a year; a year has four digits, 1000 to 9999, e.g. 2018 "
    "(write YYYY, YYYY-MM or YYYY-MM-DD)"
)


class Precision(StrEnum):
    """How much of a date the source text supports."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class PartialDate:
    """A calendar-checked date of year, month or day precision.

    Immutable and hashable; ``str()`` gives back exactly what was written.
    """

    __slots__ = ("day", "month", "year")

    year: int
    month: int | None
    day: int | None

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist (months run 01 to 12)")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{year}-{month:02d} has no day {day:02d} (it has {last} days)")
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("PartialDate is immutable")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise.

        Exactly that: ``" 2018"``, ``"+2018"``, ``"02018"`` and ``"0999"`` are refused.
        """
        match = _PARTS.fullmatch(text)
        if not match:
            if re.fullmatch(r"0[0-9]{3}(?:-.*)?", text):  # `'0999'`, as `0999` is refused
                raise ValueError(_NOT_A_YEAR.format(text[:4]))
            raise ValueError(_NOT_A_DATE.format(text))
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The earliest calendar day this date may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest calendar day this date may mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def certainly_before(self, other: PartialDate) -> bool:
        """True only when every day of ``self`` precedes every day of ``other``."""
        return self.last_day < other.first_day

    def certainly_after(self, other: PartialDate) -> bool:
        return other.certainly_before(self)

    def overlaps(self, other: PartialDate) -> bool:
        """True when the two intervals share at least one day."""
        return not (self.certainly_before(other) or other.certainly_before(self))

    def contains(self, day: dt.date | PartialDate) -> bool:
        if isinstance(day, PartialDate):
            return self.first_day <= day.first_day and day.last_day <= self.last_day
        return self.first_day <= day <= self.last_day

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by first day, then the more precise (shorter) interval first."""
        return (self.first_day, self.last_day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    # --- pydantic integration -------------------------------------------------

    @classmethod
    def _validate(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise ValueError("a date cannot be true or false; write YYYY, YYYY-MM or YYYY-MM-DD")
        if isinstance(value, int):
            # `date: 2018` reaches us as an int: a plain YAML year, always four digits
            # (`date: 18` is not 0018; a two-digit year is a typo, not a date).
            # (The loader already refuses `+2018` and `02018`, so an int here was
            # written as plain digits.)
            if not 1000 <= value <= 9999:
                raise ValueError(_NOT_A_YEAR.format(value))
            return cls.parse(str(value))
        if isinstance(value, str):
            return cls.parse(value)
        raise ValueError("a date must be written as YYYY, YYYY-MM or YYYY-MM-DD")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A partial date: YYYY, YYYY-MM or YYYY-MM-DD.",
            "examples": ["2018", "2018-08", "2018-08-31"],
        }
