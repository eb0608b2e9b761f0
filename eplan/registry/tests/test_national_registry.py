"""The real national registry (all 7,849 DLA organisations) imports completely, and a
second import of the same file is a no-op."""

import pytest
from django.conf import settings

from eplan.core.models import AuditEvent
from eplan.registry import selectors
from eplan.registry.models import Organisation, OrganisationType
from eplan.registry.services import bangkok_ensure, organisations_import_file

NATIONAL_FILE = settings.SHARED_DATA_DIR / "local-authorities.json"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not NATIONAL_FILE.exists(), reason="the national registry file is not in the shared data"),
]


def test_the_national_registry_and_bangkok_make_every_organisation_of_the_country():
    result = organisations_import_file(path=NATIONAL_FILE)

    assert (result.rows, result.created, result.updated, result.unchanged) == (7849, 7849, 0, 0)
    counts = {row["org_type"]: row["count"] for row in selectors.counts_by_type(Organisation.objects.all())}
    assert counts == {
        OrganisationType.PROVINCIAL: 76,
        OrganisationType.CITY: 30,
        OrganisationType.TOWN: 195,
        OrganisationType.SUBDISTRICT_MUNICIPALITY: 2247,
        OrganisationType.SUBDISTRICT: 5300,
        OrganisationType.BANGKOK: 0,
        OrganisationType.PATTAYA: 1,
    }
    klai = Organisation.objects.get(code="6800808")
    assert (klai.display_name, klai.province_id, klai.district_id) == ("อบต.กลาย", "80", "8008")

    assert bangkok_ensure().created == 1
    assert Organisation.objects.count() == 7850
    bangkok = Organisation.objects.get(org_type=OrganisationType.BANGKOK)
    assert (bangkok.display_name, bangkok.province_id) == ("กรุงเทพมหานคร", "10")

    state = list(Organisation.objects.order_by("code").values())
    events = AuditEvent.objects.count()
    again = organisations_import_file(path=NATIONAL_FILE)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 7849)
    assert list(Organisation.objects.order_by("code").values()) == state
    assert AuditEvent.objects.count() == events
