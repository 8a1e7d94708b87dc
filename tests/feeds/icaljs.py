"""Mozilla's ical.js (the parser inside Thunderbird) run through Node: what a real client reads from a feed.

``parse(ics)`` gives ``{"calendar": {NAME: {"value", "params"}}, "components": [...], "timezones": [...],
"events": [...]}``; each event has uid, sequence, status, summary, description, location, url, transp,
categories, conference (``{"uri", "params"}``), geo (``[lat, lon]``), dtstamp, last_modified, start and end,
the times as ``{"tzid", "utc", "is_date", "local"}``: ``tzid`` is the zone ical.js resolved ("Europe/Amsterdam",
"UTC" or "floating"), ``utc`` the absolute instant as ISO 8601. Properties ical.js does not know (NAME,
X-WR-CALNAME, REFRESH-INTERVAL without VALUE) come back as written, still escaped.
"""

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("icaljs_dump.mjs")
MODULE = ROOT / "node_modules" / "ical.js"


class IcalJsError(RuntimeError):
    """ical.js could not read a feed; the message is Node's stderr."""


def missing() -> str | None:
    """Why the harness cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node ontbreekt"
    if not MODULE.exists():
        return "ical.js ontbreekt: draai `npm ci` in de projectmap"
    return None


def parse_many(feeds: list[bytes]) -> list[dict]:
    """Every feed parsed in one Node process."""
    payload = json.dumps([base64.b64encode(f).decode() for f in feeds])
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=payload.encode(),
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "TZ": "UTC"},
        timeout=120,
    )
    if done.returncode != 0:
        raise IcalJsError(done.stderr.decode(errors="replace"))
    return json.loads(done.stdout)


def parse(ics: bytes) -> dict:
    return parse_many([ics])[0]
