"""The open data through the API (no credentials): the list of datasets with their
addresses, and each dataset as the same JSON the page offers (eplan.opendata.files), served
from the same kept copy."""

from typing import Any

from django.http import HttpResponse
from ninja import Field, Router, Schema

from eplan.core.api_errors import PARAM_ERRORS, ErrorOut
from eplan.core.api_schemas import described
from eplan.frameworks.models import Cycle
from eplan.opendata import catalogue, files

router = Router(tags=["open-data"])
ERRORS = {404: ErrorOut, **PARAM_ERRORS}


class DatasetLinkOut(Schema):
    cycle: str = Field(description="รอบแผน เช่น 2562-2565 (plan cycle)")
    dataset: str = Field(description="plan-status | planned-budget | implementation")
    fiscal_year: int | None = Field(description="ปีงบประมาณ พ.ศ. (fiscal year, Buddhist era)")
    round_kind: str | None = Field(description="รอบรายงาน 6 หรือ 12 เดือน (reporting round: 6 or 12 months)")
    title: str
    api_url: str = Field(description="ชุดข้อมูลเป็น JSON ผ่าน API (the dataset as JSON through the API)")
    csv_url: str = Field(description="ไฟล์ CSV (UTF-8 มี BOM)")
    json_url: str = Field(description="ไฟล์ JSON")


class FieldOut(Schema):
    field: str
    meaning: str
    unit: str
    type: str = Field(description="text | code | int | decimal | money | bool")


class LicenceOut(Schema):
    id: str
    name: str
    url: str


class DatasetOut(Schema):
    title: str
    description: str
    licence: LicenceOut
    attribution: str
    generated_at: str = Field(description="วันเวลาที่อ่านข้อมูลจากระบบ (when the data was read), ISO 8601")
    fields: list[FieldOut] = Field(description="คำอธิบายข้อมูล (data dictionary)")
    rows: list[dict[str, Any]] = Field(description="หนึ่งแถวต่อ อปท. ที่ยังดำเนินงานอยู่ (one row per active LAO)")


def _link(request, entry: catalogue.Entry) -> dict:
    return {
        "cycle": entry.cycle.code,
        "dataset": entry.slug,
        "fiscal_year": entry.fiscal_year,
        "round_kind": entry.round.kind if entry.round else None,
        "title": str(entry.title),
        "api_url": request.build_absolute_uri(entry.api_path),
        "csv_url": request.build_absolute_uri(entry.csv_url),
        "json_url": request.build_absolute_uri(entry.json_url),
    }


def _json(entry: catalogue.Entry) -> HttpResponse:
    return HttpResponse(entry.served().json, content_type=files.JSON)


@router.get(
    "/open-data",
    response=list[DatasetLinkOut],
    summary="รายการชุดข้อมูลเปิด",
    description=described(
        "ชุดข้อมูลเปิดทุกชุดของทุกรอบแผน พร้อมที่อยู่ของไฟล์ CSV และ JSON: สถานะการจัดทำแผนและผลการประเมิน "
        "(ต่อรอบแผน) โครงการและงบประมาณตามแผน (ต่อปีงบประมาณ) และผลการดำเนินงาน (ต่อรอบรายงาน)",
        "Every open dataset of every plan cycle with the addresses of its CSV and JSON: plan status and "
        "assessment scores (per cycle), planned items and budget (per fiscal year) and implementation "
        "(per reporting round).",
    ),
)
def dataset_list(request):
    return [_link(request, entry) for cycle in Cycle.objects.order_by("-code") for entry in catalogue.catalogue(cycle)]


@router.get(
    "/open-data/{cycle}/plan-status",
    response={200: DatasetOut, **ERRORS},
    summary="สถานะการจัดทำแผนและผลการประเมิน หนึ่งแถวต่อ อปท.",
    description=described(
        "สถานะการจัดทำแผนของ อปท. ที่ยังดำเนินงานอยู่ทุกแห่ง ตามที่หน้าสถานะแสดง และตั้งแต่วันประกาศผลคะแนน "
        "คะแนนรวมและรายมิติของแผนที่ประกาศผลแล้ว พร้อมคำอธิบายข้อมูลและสัญญาอนุญาต; รอบแผนที่ไม่มีอยู่ตอบ 404",
        "The plan status of every active organisation as the status pages show it and, from the score "
        "release date, the total and per-dimension scores of released results, with the data dictionary "
        "and the licence; an unknown cycle is a 404.",
    ),
)
def plan_status(request, cycle: str):
    return _json(catalogue.entry_or_404(catalogue.PLAN_STATUS, cycle))


@router.get(
    "/open-data/{cycle}/{fiscal_year}/planned-budget",
    response={200: DatasetOut, **ERRORS},
    summary="โครงการและงบประมาณตามแผนรายมิติ ในปีงบประมาณ หนึ่งแถวต่อ อปท.",
    description=described(
        "จำนวนรายการและงบประมาณตามแผนในปีงบประมาณแยกตามมิติ จากฉบับที่ใช้ประเมิน "
        "เฉพาะแผนที่ประกาศผลแล้ว; รอบแผนหรือปีงบประมาณที่ไม่มีอยู่ตอบ 404",
        "Items and planned budget per dimension in the fiscal year, from the version assessed, for plans "
        "whose result is released; an unknown cycle or fiscal year is a 404.",
    ),
)
def planned_budget(request, cycle: str, fiscal_year: int):
    return _json(catalogue.entry_or_404(catalogue.PLANNED_BUDGET, cycle, fiscal_year))


@router.get(
    "/open-data/{cycle}/{fiscal_year}/{round_kind}/implementation",
    response={200: DatasetOut, **ERRORS},
    summary="การส่งรายงานและร้อยละการดำเนินงานในรอบรายงาน หนึ่งแถวต่อ อปท.",
    description=described(
        "ต้องรายงานหรือไม่ ส่งตรงเวลา ส่งช้า หรือยังไม่ส่ง และจากรายงานที่ส่งแล้ว จำนวนรายการตามสถานะ "
        "ร้อยละการดำเนินงานพร้อมระดับสี และงบประมาณ; round_kind คือ 6 หรือ 12; รอบที่ไม่มีอยู่ตอบ 404",
        "Whether the organisation had to report, sent on time, late or not at all, and from its sent "
        "report the items per status, the implementation score with its colour band and the amounts; "
        "round_kind is 6 or 12; an unknown round is a 404.",
    ),
)
def implementation(request, cycle: str, fiscal_year: int, round_kind: str):
    return _json(catalogue.entry_or_404(catalogue.IMPLEMENTATION, cycle, fiscal_year, round_kind))
