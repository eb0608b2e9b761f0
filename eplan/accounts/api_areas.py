"""The area filter of every list in the API (`?region=&province=&district=`), on the one
area of accounts.areas: for a signed-in caller the organisations of their scope
(area_for_user, strict: a district outside the province given is refused), for the public
the country's active organisations. A code that names no place is 422 naming the field
(UnknownPlace); a place outside the caller's scope holds nothing, so a list narrowed to it
is empty, as a count of it is zero."""

from django.db.models import QuerySet
from django.http import Http404

from eplan.accounts.areas import area_for_user, narrow, public_organisations
from eplan.registry.api import PlacesFilter, places_or_422
from eplan.registry.models import Organisation

AreaFilter = PlacesFilter


def organisations_in_area(user, area: AreaFilter) -> QuerySet:
    """The organisations of the user's scope in the area asked."""
    try:
        return area_for_user(
            user, region=area.region, province=area.province, district=area.district, strict=True
        ).organisations
    except Http404:
        return Organisation.objects.none()


def public_organisations_in_area(area: AreaFilter) -> QuerySet:
    """The country's active organisations in the area asked."""
    places = places_or_422(region=area.region, province=area.province, district=area.district)
    organisations = public_organisations(province=area.province, district=area.district)
    return narrow(organisations, region=places["region"]) if places["region"] is not None else organisations
