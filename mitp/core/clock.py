"""The one "today" of the site: the build's date in Chile.

Every rule that depends on the date (upcoming or past activities, the home page's campaign notice,
the Plan's deadlines, stale catalogue entries, publication dates that may not be in the future)
asks ``today()``. The site is published every day just after midnight in continental Chile, so
the date is Chile's, never the machine's (a build at 22:00 in Santiago runs at 01:00 UTC the next
day). ``MITP_TODAY=AAAA-MM-DD`` sets it for tests and previews; the checks that data is not dated
in the future ask ``actual_today()``, which it does not change.
"""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

CHILE = ZoneInfo("America/Santiago")


def actual_today() -> dt.date:
    """Chile's date now, whatever ``MITP_TODAY`` says: what data may not be dated after (a
    verification, a publication). A preview of another day still checks the data against now."""
    return dt.datetime.now(CHILE).date()


def today() -> dt.date:
    """The build's date in Chile; ``MITP_TODAY=AAAA-MM-DD`` sets it (tests, previews)."""
    forced = os.environ.get("MITP_TODAY")
    if forced:
        try:
            return dt.date.fromisoformat(forced.strip())
        except ValueError:
            raise ValueError(f"MITP_TODAY={forced!r} no es una fecha AAAA-MM-DD (por ejemplo 2027-07-30)") from None
    return actual_today()
