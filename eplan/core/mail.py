"""What every e-mail the system sends needs: links that work outside any request, and a
list of addresses with each one once."""

from django.conf import settings
from django.urls import reverse


def site_link(name, **kwargs) -> str:
    """A link for mail: SITE_URL and the page's path (never the request's Host header)."""
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def site_url(path: str) -> str:
    """SITE_URL and a path the system made (a notification's page)."""
    return settings.SITE_URL.rstrip("/") + path


def unique_addresses(addresses) -> list[str]:
    """Blanks dropped, each address once (compared without case), in the order given."""
    seen, kept = set(), []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            kept.append(address)
    return kept
