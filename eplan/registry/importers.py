"""Reading registry files: the DLA open-data CSV, the same columns as XLSX, and JSON.

Reading only: this module turns a file into validated organisation records or a list of
problems (row, field, reason). Writing is registry.services.organisations_import.

The DLA CSV ("ชื่อและที่ตั้งองค์กรปกครองส่วนท้องถิ่น") has one row per organisation and
subdistrict it covers, Thai headers, RFC 4180 quoting with commas inside values:
จังหวัด, อำเภอ, ตำบล, รหัส อปท., ประเภท อปท., อปท., ที่ตั้งสำนักงานเลขที่, หมู่ที่,
รหัสไปรษณีย์, ขนาดพื้นที่, LAT, LONG, เว็ปไซต์ของอปท
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from eplan.core import xlsx_limits
from eplan.core.controls import strip_controls
from eplan.registry.models import TYPE_ABBREVIATIONS, TYPE_FULL_PREFIXES, Organisation, OrganisationType

CSV_COLUMNS = {
    "province": "จังหวัด",
    "district": "อำเภอ",
    "code": "รหัส อปท.",
    "type": "ประเภท อปท.",
    "name": "อปท.",
    "area": "ขนาดพื้นที่",
    "lat": "LAT",
    "lon": "LONG",
}
REQUIRED_CSV_COLUMNS = ("province", "district", "code", "type", "name")

TYPE_ALIASES = {
    "provincial_admin_org": OrganisationType.PROVINCIAL,
    "องค์การบริหารส่วนจังหวัด": OrganisationType.PROVINCIAL,
    "อบจ.": OrganisationType.PROVINCIAL,
    "อบจ": OrganisationType.PROVINCIAL,
    "city_municipality": OrganisationType.CITY,
    "เทศบาลนคร": OrganisationType.CITY,
    "ทน.": OrganisationType.CITY,
    "ทน": OrganisationType.CITY,
    "town_municipality": OrganisationType.TOWN,
    "เทศบาลเมือง": OrganisationType.TOWN,
    "ทม.": OrganisationType.TOWN,
    "ทม": OrganisationType.TOWN,
    "subdistrict_municipality": OrganisationType.SUBDISTRICT_MUNICIPALITY,
    "เทศบาลตำบล": OrganisationType.SUBDISTRICT_MUNICIPALITY,
    "ทต.": OrganisationType.SUBDISTRICT_MUNICIPALITY,
    "ทต": OrganisationType.SUBDISTRICT_MUNICIPALITY,
    "subdistrict_admin_org": OrganisationType.SUBDISTRICT,
    "องค์การบริหารส่วนตำบล": OrganisationType.SUBDISTRICT,
    "อบต.": OrganisationType.SUBDISTRICT,
    "อบต": OrganisationType.SUBDISTRICT,
    "bangkok": OrganisationType.BANGKOK,
    "กรุงเทพมหานคร": OrganisationType.BANGKOK,
    "กทม.": OrganisationType.BANGKOK,
    "pattaya": OrganisationType.PATTAYA,
    "เมืองพัทยา": OrganisationType.PATTAYA,
    # The DLA data set calls Pattaya a "special administrative area"; Bangkok is not in it.
    "special_admin_area": OrganisationType.PATTAYA,
    "ท้องถิ่นรูปแบบพิเศษ": OrganisationType.PATTAYA,
    "ราชการส่วนท้องถิ่นรูปแบบพิเศษ": OrganisationType.PATTAYA,
}

COORDINATE = Decimal("0.000000001")
AREA = Decimal("0.01")
# What the model's columns can hold and the earth allows; a file outside them is refused.
RANGES = {"lat": (-90, 90), "lon": (-180, 180), "area": (0, Decimal("99999999.99"))}
NAME_MAX = Organisation._meta.get_field("name").max_length

# The national file has about 7,900 organisations on some 8,000 rows (one per subdistrict
# covered): bounds a few times that, checked before a file is read whole (issue 10, hole 7).
MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 30_000
XLSX_LIMITS = xlsx_limits.Limits(rows=MAX_ROWS + 1, columns=100, cells=600_000)


@dataclass
class Problem:
    row: int | None
    field: str
    message: str

    def __str__(self):
        where = _("แถวที่ %(row)s") % {"row": self.row} if self.row else _("ทั้งไฟล์")
        column = f" [{self.field}]" if self.field else ""
        return f"{where}{column}: {self.message}"


class FileRefused(Exception):
    """The file cannot be imported; nothing was changed."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class SourceRow:
    row: int
    code: str
    name: str
    type_text: str
    province_text: str
    district_text: str
    lat: str = ""
    lon: str = ""
    area: str = ""


@dataclass
class OrganisationRecord:
    code: str
    name: str
    org_type: str
    province_code: str
    district_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    area_km2: Decimal | None
    rows: list = field(default_factory=list)


# --- reading the three formats --------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_controls(str(value)).strip()


def _too_large(raw: bytes):
    if len(raw) > MAX_BYTES:
        raise FileRefused(
            [
                Problem(
                    None,
                    "",
                    _("ไฟล์ใหญ่ %(size).1f MB เกินที่รับได้ (%(max)s MB)")
                    % {"size": len(raw) / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024},
                )
            ]
        )


def _too_many_rows(count):
    if count > MAX_ROWS:
        raise FileRefused(
            [Problem(None, "", _("ไฟล์มีเกิน %(max)s แถว แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์") % {"max": f"{MAX_ROWS:,}"})]
        )


def _decode(raw: bytes) -> str:
    # Files saved by Thai Excel are often Windows-874 rather than UTF-8.
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused([Problem(None, "", _("อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620/Windows-874"))])


def _rows_from_table(header, body_rows, first_row_number) -> list[SourceRow]:
    header = [_text(cell) for cell in header]
    index = {}
    for key, title in CSV_COLUMNS.items():
        if title in header:
            index[key] = header.index(title)
    missing = [CSV_COLUMNS[key] for key in REQUIRED_CSV_COLUMNS if key not in index]
    if missing:
        raise FileRefused([Problem(1, "", _("ไม่พบคอลัมน์ที่ต้องมี: %(columns)s") % {"columns": ", ".join(missing)})])

    def cell(values, key):
        position = index.get(key)
        if position is None or position >= len(values):
            return ""
        return _text(values[position])

    rows = []
    for offset, values in enumerate(body_rows):
        values = list(values)
        if not any(_text(value) for value in values):
            continue
        rows.append(
            SourceRow(
                row=first_row_number + offset,
                code=cell(values, "code"),
                name=cell(values, "name"),
                type_text=cell(values, "type"),
                province_text=cell(values, "province"),
                district_text=cell(values, "district"),
                lat=cell(values, "lat"),
                lon=cell(values, "lon"),
                area=cell(values, "area"),
            )
        )
    return rows


def read_csv(raw: bytes) -> list[SourceRow]:
    _too_large(raw)
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    try:
        header = next(reader)
        body = []
        for values in reader:
            body.append(values)
            _too_many_rows(len(body))
        return _rows_from_table(header, body, first_row_number=2)
    except StopIteration:
        raise FileRefused([Problem(None, "", _("ไฟล์ว่างเปล่า"))]) from None
    except csv.Error as error:
        raise FileRefused([Problem(reader.line_num, "", _("รูปแบบ CSV ไม่ถูกต้อง: %s") % error)]) from None


def read_xlsx(raw: bytes) -> list[SourceRow]:
    from openpyxl import load_workbook

    _too_large(raw)
    try:
        xlsx_limits.inspect(raw, XLSX_LIMITS)
    except xlsx_limits.TooLarge as too_large:
        raise FileRefused([Problem(None, "", too_large.message)]) from None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise FileRefused([Problem(None, "", _("เปิดไฟล์ Excel ไม่ได้ (ต้องเป็น .xlsx)"))]) from None
    try:
        if not workbook.worksheets:
            raise FileRefused([Problem(None, "", _("ไฟล์ว่างเปล่า"))])
        values = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise FileRefused([Problem(None, "", _("ไฟล์ว่างเปล่า"))])
        return _rows_from_table(header, list(values), first_row_number=2)
    except (SyntaxError, ValueError, KeyError, TypeError, *xlsx_limits.ZIP_ERRORS):  # damaged inside
        raise FileRefused([Problem(None, "", _("อ่านไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย"))]) from None
    finally:
        workbook.close()


def read_json(raw: bytes) -> list[SourceRow]:
    _too_large(raw)
    try:
        data = json.loads(_decode(raw))
    except json.JSONDecodeError as error:
        raise FileRefused([Problem(None, "", _("JSON ไม่ถูกต้อง: %s") % error)]) from None
    except RecursionError:
        raise FileRefused([Problem(None, "", _("JSON ซ้อนกันลึกเกินไป"))]) from None
    records = data.get("localAuthorities") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise FileRefused([Problem(None, "", _("ไม่พบรายการ localAuthorities ในไฟล์ JSON"))])
    _too_many_rows(len(records))
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            rows.append(SourceRow(number, "", "", "", "", ""))
            continue
        rows.append(
            SourceRow(
                row=number,
                code=_text(record.get("dlaCode")),
                name=_text(record.get("nameTh")),
                type_text=_text(record.get("type")),
                province_text=_text(record.get("provinceCode")),
                district_text=_text(record.get("districtNameTh")),
                lat=_text(record.get("centerLat")),
                lon=_text(record.get("centerLon")),
                area=_text(record.get("areaKm2")),
            )
        )
    return rows


READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".json": read_json}


def read_file(path: Path) -> list[SourceRow]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise FileRefused([Problem(None, "", _("รองรับเฉพาะไฟล์ .csv .xlsx และ .json"))])
    return reader(path.read_bytes())


# --- validation -----------------------------------------------------------------------


def _strip_prefix(name: str, prefixes) -> str:
    for prefix in prefixes:
        if prefix and name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :].strip()
    return name


def normalise_name(name: str, org_type: str) -> str:
    """'อบต.กลาย' or 'องค์การบริหารส่วนตำบลกลาย' → 'กลาย' (the special forms keep their name)."""
    name = re.sub(r"\s+", " ", name).strip()
    if org_type in (OrganisationType.BANGKOK, OrganisationType.PATTAYA):
        return name
    prefixes = sorted({TYPE_FULL_PREFIXES[org_type], TYPE_ABBREVIATIONS[org_type]}, key=len, reverse=True)
    return _strip_prefix(name, prefixes)


def _place_key(text: str, prefixes) -> str:
    text = re.sub(r"\s+", "", text)
    return _strip_prefix(text, prefixes)


PROVINCE_PREFIXES = ("จังหวัด", "จ.")
DISTRICT_PREFIXES = ("กิ่งอำเภอ", "อำเภอ", "อ.", "เขต")


class Geography:
    """Lookup of provinces and districts by code or Thai/English name."""

    def __init__(self, provinces, districts):
        self.provinces = {}
        for province in provinces:
            for key in (province.code, _place_key(province.name_th, PROVINCE_PREFIXES), province.name_en.lower()):
                self.provinces[key] = province.code
        self.districts = {}
        for district in districts:
            for key in (district.code, _place_key(district.name_th, DISTRICT_PREFIXES), district.name_en.lower()):
                self.districts[(district.province_id, key)] = district.code

    def province_code(self, text):
        return (
            self.provinces.get(text)
            or self.provinces.get(_place_key(text, PROVINCE_PREFIXES))
            or (self.provinces.get(text.lower()))
        )

    def district_code(self, province_code, text):
        return (
            self.districts.get((province_code, text))
            or self.districts.get((province_code, _place_key(text, DISTRICT_PREFIXES)))
            or self.districts.get((province_code, text.lower()))
        )


def _decimal(text, quantum):
    if text in ("", "-", "None", "null"):
        return None
    try:
        value = Decimal(text.replace(",", "")).quantize(quantum)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def validate(rows: list[SourceRow], geography: Geography, *, progress=None) -> list[OrganisationRecord]:
    """Turn rows into one record per LAO code, or raise FileRefused listing every problem."""
    problems = []
    records: dict[str, OrganisationRecord] = {}
    if not rows:
        raise FileRefused([Problem(None, "", _("ไม่พบข้อมูล อปท. ในไฟล์"))])
    for row in rows:
        if progress:
            progress.update(1)
        row_problems = []
        code = row.code.replace(" ", "")
        if not re.fullmatch(r"[0-9]{7}", code):
            row_problems.append(
                Problem(row.row, "รหัส อปท.", _("รหัส อปท. '%(code)s' ต้องเป็นตัวเลข 7 หลัก") % {"code": row.code})
            )
        org_type = TYPE_ALIASES.get(row.type_text) or TYPE_ALIASES.get(row.type_text.lower())
        if org_type is None:
            row_problems.append(
                Problem(row.row, "ประเภท อปท.", _("ไม่รู้จักประเภท อปท. '%(type)s'") % {"type": row.type_text})
            )
        if org_type == OrganisationType.PATTAYA and row.name.strip() == "กรุงเทพมหานคร":
            org_type = OrganisationType.BANGKOK
        province_code = geography.province_code(row.province_text)
        district_code = None
        if province_code is None:
            row_problems.append(
                Problem(row.row, "จังหวัด", _("ไม่รู้จักจังหวัด '%(province)s'") % {"province": row.province_text})
            )
        else:
            district_code = geography.district_code(province_code, row.district_text)
            if district_code is None:
                row_problems.append(
                    Problem(
                        row.row,
                        "อำเภอ",
                        _("ไม่พบอำเภอ '%(district)s' ในจังหวัดนี้") % {"district": row.district_text},
                    )
                )
        name = normalise_name(row.name, org_type) if org_type else row.name.strip()
        if not name:
            row_problems.append(Problem(row.row, "อปท.", _("ไม่มีชื่อ อปท.")))
        elif len(name) > NAME_MAX:
            row_problems.append(Problem(row.row, "อปท.", _("ชื่อ อปท. ยาวเกิน %(max)s ตัวอักษร") % {"max": NAME_MAX}))
        numbers = {}
        for key, title, quantum in (
            ("lat", "LAT", COORDINATE),
            ("lon", "LONG", COORDINATE),
            ("area", "ขนาดพื้นที่", AREA),
        ):
            try:
                numbers[key] = _decimal(getattr(row, key), quantum)
            except ValueError:
                row_problems.append(Problem(row.row, title, _("'%(value)s' ไม่ใช่ตัวเลข") % {"value": getattr(row, key)}))
                continue
            low, high = RANGES[key]
            if numbers[key] is not None and not low <= numbers[key] <= high:
                row_problems.append(
                    Problem(row.row, title, _("'%(value)s' อยู่นอกช่วงที่เป็นไปได้") % {"value": getattr(row, key)})
                )
        if row_problems:
            problems.extend(row_problems)
            continue

        record = OrganisationRecord(
            code=code,
            name=name,
            org_type=org_type,
            province_code=province_code,
            district_code=district_code,
            latitude=numbers["lat"],
            longitude=numbers["lon"],
            area_km2=numbers["area"],
            rows=[row.row],
        )
        existing = records.get(code)
        if existing is None:
            records[code] = record
            continue
        # The district may differ between rows: an อบจ. covers subdistricts of every district
        # of its province. The first row's district is kept, as in the national JSON.
        conflicts = [
            label
            for label, attribute in (
                (_("ชื่อ"), "name"),
                (_("ประเภท"), "org_type"),
                (_("จังหวัด"), "province_code"),
            )
            if getattr(existing, attribute) != getattr(record, attribute)
        ]
        if conflicts:
            problems.append(
                Problem(
                    row.row,
                    "รหัส อปท.",
                    _("รหัส อปท. %(code)s ซ้ำกับแถวที่ %(first)s แต่%(fields)sไม่ตรงกัน")
                    % {"code": code, "first": existing.rows[0], "fields": ", ".join(conflicts)},
                )
            )
            continue
        # One LAO covers several subdistricts: the same LAO on several rows is normal.
        existing.rows.append(row.row)
        # Coordinates travel as a pair, from the first row that has both.
        if existing.latitude is None and existing.longitude is None:
            existing.latitude, existing.longitude = record.latitude, record.longitude
        if existing.area_km2 is None:
            existing.area_km2 = record.area_km2
    if problems:
        raise FileRefused(problems)
    return list(records.values())
