import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="หนังสือ.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def letter(**overrides):
    fields = {
        "number": "ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕",
        "issued_on": datetime.date(2018, 5, 31),
        "subject": "ขอความร่วมมือจัดทำแผนปฏิบัติการป้องกันการทุจริต",
        "addressees": "นายอำเภอ ทุกอำเภอ และนายกองค์กรปกครองส่วนท้องถิ่น ทุกแห่ง",
        "body": "จังหวัดจึงขอให้องค์กรปกครองส่วนท้องถิ่นทุกแห่งดำเนินการ",
        "issuing_office": "ศาลากลางจังหวัดนครศรีธรรมราช",
        "audience_kind": "province",
        "audience_province": "80",
    }
    fields.update(overrides)
    return fields


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
