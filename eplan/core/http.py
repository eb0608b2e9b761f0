"""What views need to know of a request beyond Django's own."""


def is_htmx(request) -> bool:
    """Asked by htmx (a part of the page to swap), not by a full page load."""
    return request.headers.get("HX-Request") == "true"


def refused_is_not_found(view):
    """A view whose services may refuse (PermissionDenied): the refusal is answered 404,
    as anything outside the user's scope is, instead of each view catching it by hand."""
    import functools

    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404 from None

    return wrapped
