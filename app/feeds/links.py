"""Where each feed lives, and the links that subscribe a calendar app to it."""

from urllib.parse import quote, urlencode

PATHS = {
    "gemeente": "/feeds/gemeenten/{}.ics",
    "regeling": "/feeds/regelingen/{}.ics",
    "orgaan": "/feeds/organen/{}.ics",
    "persoonlijk": "/feeds/persoonlijk/{}.ics",
    "selectie": "/feeds/selecties/{}.ics",
    "termijnen-gemeente": "/feeds/termijnen/gemeenten/{}.ics",
    "termijnen-regeling": "/feeds/termijnen/regelingen/{}.ics",
}


def feed_path(kind: str, key: str) -> str:
    return PATHS[kind].format(quote(key, safe=""))


def subscribe_links(base_url: str, path: str, name: str) -> dict[str, str]:
    """The feed over https, as webcal:// (opens the calendar app), and as "add by URL" links of Google and Outlook."""
    https = base_url.rstrip("/") + path
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?" + urlencode({"url": https, "name": name}),
    }
