"""Small registry files written by the tests, in the shape of the official DLA open-data CSV
("ชื่อและที่ตั้งองค์กรปกครองส่วนท้องถิ่น"): one row per organisation and subdistrict it
covers, Thai headers, RFC 4180 quoting. The same columns are used for XLSX."""

import csv

HEADER = [
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "รหัส อปท.",
    "ประเภท อปท.",
    "อปท.",
    "ที่ตั้งสำนักงานเลขที่",
    "หมู่ที่",
    "รหัสไปรษณีย์",
    "ขนาดพื้นที่",
    "LAT",
    "LONG",
    "เว็ปไซต์ของอปท",
]


def dla_row(
    code,
    type_text,
    name,
    district,
    subdistrict,
    *,
    province="นครศรีธรรมราช",
    area="",
    lat="",
    lon="",
    website="",
    address="",
    moo="",
    postcode="",
):
    return [province, district, subdistrict, code, type_text, name, address, moo, postcode, area, lat, lon, website]


def nakhon_rows():
    """Three organisations of นครศรีธรรมราช on seven rows, the way the DLA file lists them.

    อบต.กลาย gives its coordinates only on its second row; the website "www,klai.go.th" and
    the address "1, ถนนสายเอเชีย" carry commas inside quoted values; the อบจ. covers
    subdistricts in two districts.
    """
    return [
        dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "กลาย", website="www,klai.go.th", address="1, ถนนสายเอเชีย"),
        dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "ดอนตะโก", area="41.34", lat="8.79407", lon="99.92205", moo="3"),
        dla_row("5800801", "เทศบาลตำบล", "ท่าศาลา", "ท่าศาลา", "ท่าศาลา", area="6.5", lat="8.6667", lon="99.9333"),
        dla_row("5800801", "เทศบาลตำบล", "ท่าศาลา", "ท่าศาลา", "โมคลาน"),
        dla_row("5800801", "เทศบาลตำบล", "ท่าศาลา", "ท่าศาลา", "ไทยบุรี"),
        dla_row("2800101", "อบจ.", "นครศรีธรรมราช", "เมืองนครศรีธรรมราช", "ในเมือง", postcode="80000"),
        dla_row("2800101", "อบจ.", "นครศรีธรรมราช", "ท่าศาลา", "กลาย", postcode="80160"),
    ]


def write_csv(path, rows, *, encoding="utf-8-sig"):
    # csv.writer quotes values holding commas or quotes and ends lines with CRLF (RFC 4180).
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
