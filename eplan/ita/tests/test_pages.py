"""The ITA pages as each persona meets them: central uploads and sees every refused row, no
one else may upload, any file gets a Thai answer instead of an error page, the year's table
narrows to a province and downloads, and the organisation page shows the results to all."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eplan.ita.models import ItaResult
from eplan.ita.services import import_ita
from eplan.ita.tests.test_import import csv_file
from eplan.testing import client_for

pytestmark = pytest.mark.django_db


def upload(client, raw, name="ita.csv"):
    return client.post(reverse("ita:upload"), {"file": SimpleUploadedFile(name, raw, "text/csv")})


def test_central_uploads_a_file_and_sees_the_counts(world):
    client = client_for(world.central)
    assert "นำเข้าผลการประเมิน ITA" in client.get(reverse("ita:index")).content.decode()
    response = upload(client, csv_file("6800808,2567,91.25,A", "5800801,2024,96.10,AA"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "นำเข้าผลการประเมิน ITA แล้ว" in text and "ค.ศ." in text
    assert ItaResult.objects.count() == 2
    again = upload(client, csv_file("6800808,2567,91.25,A", "5800801,2024,96.10,AA"))
    assert again.context["result"].unchanged == 2


def test_a_refused_file_shows_every_row_and_saves_nothing(world):
    response = upload(client_for(world.central), csv_file("6800808,2567,91.25,A", "9999999,2567,80,B"))
    assert response.status_code == 422
    text = response.content.decode()
    assert "ยังไม่ได้บันทึกข้อมูลใดเลย" in text and "ไม่พบ อปท. รหัส 9999999" in text
    assert [(problem.row, problem.column) for problem in response.context["problems"]] == [(3, "รหัส อปท.")]
    assert not ItaResult.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02binary\xff\xfe" * 100,
        b"PK\x03\x04zip" + bytes(300),
        b"a,b\r\n\x00\x00",
        b"x" * (3 * 1024 * 1024),
    ],
    ids=["empty", "binary", "zip", "nul", "3 MB"],
)
def test_no_file_ends_in_an_error_page(world, raw):
    response = upload(client_for(world.central), raw)
    assert response.status_code == 422
    assert not ItaResult.objects.exists()


@pytest.mark.parametrize("who", ["officer", "district_office", "provincial_dla", "nacc_provincial", "nacc_regional"])
def test_only_central_may_upload_others_get_404(world, who):
    client = client_for(getattr(world, who))
    assert upload(client, csv_file("6800808,2567,91.25,A")).status_code == 404
    assert "นำเข้าผลการประเมิน ITA" not in client.get(reverse("ita:index")).content.decode()
    assert not ItaResult.objects.exists()


def test_a_visitor_is_sent_to_log_in(world):
    from django.test import Client

    response = Client().post(reverse("ita:upload"), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _three_provinces(world):
    import_ita(
        csv_file("6800808,2567,91.25,A", "5800801,2567,70.00,C", "6810101,2567,86.00,A", "6500101,2567,40.00,F"),
        filename="ita.csv",
        user=world.central,
    )


def test_the_year_narrows_to_a_province_and_to_the_viewers_scope(world):
    _three_provinces(world)
    central = client_for(world.central).get(reverse("ita:year", args=[2567]), {"province": "80"})
    assert {row.organisation.code for row in central.context["page"]} == {"6800808", "5800801"}
    regional = client_for(world.nacc_regional).get(reverse("ita:year", args=[2567]))
    assert {row.organisation.code for row in regional.context["page"]} == {"6800808", "5800801", "6810101"}
    assert regional.context["summary"]["count"] == 3
    assert client_for(world.nacc_regional).get(reverse("ita:year", args=[2567]), {"province": "50"}).status_code == 404
    assert client_for(world.central).get(reverse("ita:year", args=[2567]), {"province": "zz"}).status_code == 404


def test_the_year_downloads_as_csv_and_xlsx(world):
    _three_provinces(world)
    client = client_for(world.nacc_provincial)
    url = reverse("ita:year_download", args=[2567])
    response = client.get(url, {"format": "csv"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and "6800808" in text and "91.25" in text and "6810101" not in text
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_the_organisation_page_shows_its_ita_to_everyone(world):
    from django.test import Client

    import_ita(csv_file("6800808,2566,88.50,A", "6800808,2567,74.99,C"), filename="ita.csv", user=world.central)
    page = Client().get(reverse("public:organisation", args=[world.klai.code]))
    text = page.content.decode()
    assert "ผลการประเมิน ITA" in text and "88.50" in text and "74.99" in text
    assert [row.year for row in page.context["ita_results"]] == [2567, 2566]
    assert page.context["ita_results"][0].score == Decimal("74.99")
    other = Client().get(reverse("public:organisation", args=[world.krabi.code])).content.decode()
    assert "ยังไม่มีผลการประเมิน ITA" in other
