import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from eplan.core import thai


def test_buddhist_era_dates_in_thai():
    assert thai.thai_date(datetime.date(2026, 11, 25)) == "25 พฤศจิกายน 2569"
    assert thai.thai_date(datetime.date(2018, 3, 23), short=True) == "23 มี.ค. 2561"
    assert thai.thai_date(None) == ""


def test_datetimes_are_shown_in_bangkok_time():
    utc_evening = datetime.datetime(2026, 11, 25, 19, 30, tzinfo=ZoneInfo("UTC"))
    assert thai.thai_datetime(utc_evening, short=True) == "26 พ.ย. 2569 เวลา 02:30 น."


def test_fiscal_year_starts_on_the_first_of_october():
    assert thai.fiscal_year_of(datetime.date(2025, 9, 30)) == 2568
    assert thai.fiscal_year_of(datetime.date(2025, 10, 1)) == 2569
    assert thai.fiscal_year_bounds(2569) == (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30))


def test_baht_amounts_have_thousands_separators_and_two_decimals():
    assert thai.baht(Decimal("1234567.5")) == "1,234,567.50"
    assert thai.baht(0) == "0.00"
    assert thai.baht(None) == ""
    assert thai.baht("20000.005") == "20,000.01"


def test_thai_digits():
    assert thai.thai_digits("พ.ศ. 2569") == "พ.ศ. ๒๕๖๙"


def test_thai_words_sort_as_in_a_dictionary():
    names = ["อุบลราชธานี", "เชียงใหม่", "กระบี่", "แพร่", "ชลบุรี", "ปัตตานี"]
    assert thai.thai_sorted(names, key=str) == ["กระบี่", "ชลบุรี", "เชียงใหม่", "ปัตตานี", "แพร่", "อุบลราชธานี"]


def test_notices_date_themselves_formally():
    assert thai.thai_date_formal(datetime.date(2018, 9, 25)) == "25 เดือนกันยายน พ.ศ. 2561"
    assert thai.thai_date_formal("2018-09-25") == "25 เดือนกันยายน พ.ศ. 2561"


def test_dates_follow_the_screen_language():
    from django.utils import translation

    moment = datetime.datetime(2026, 11, 25, 7, 5, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert thai.thai_date(datetime.date(2026, 11, 25)) == "25 November 2026"
        assert thai.thai_date(datetime.date(2018, 3, 23), short=True) == "23 Mar 2018"
        assert thai.thai_datetime(moment, short=True) == "25 Nov 2026, 14:05"
    with translation.override("th"):
        assert thai.thai_datetime(moment, short=True) == "25 พ.ย. 2569 เวลา 14:05 น."
