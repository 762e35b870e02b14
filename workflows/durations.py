"""ISO 8601 durations as definitions write them (PT24H, P42D, P6W, P12M, P1Y), added to datetimes."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_PATTERN = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


@dataclass(frozen=True)
class Duration:
    """Calendar months and years, plus an exact timedelta."""

    months: int
    delta: timedelta

    def after(self, moment: datetime) -> datetime:
        """Return moment plus this duration (months clamp to the month's last day: 31 Jan + 1M = 28/29 Feb)."""
        month0 = moment.month - 1 + self.months
        year, month = moment.year + month0 // 12, month0 % 12 + 1
        day = min(moment.day, calendar.monthrange(year, month)[1])
        return moment.replace(year=year, month=month, day=day) + self.delta


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration; raise ValueError naming the text when it is not one."""
    match = _PATTERN.match(text or "")
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as PT24H, P42D, P6W or P12M")
    years, months, weeks, days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return Duration(years * 12 + months, timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes))
