"""What views need to know of a request beyond Django's own."""


def is_htmx(request) -> bool:
    """Asked by htmx (a part of the page to swap), not by a full page load."""
    return request.headers.get("HX-Request") == "true"
