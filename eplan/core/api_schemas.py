"""What every API operation shares.

- InputSchema: a body with a field the endpoint does not know is refused (422 naming the
  field) instead of being dropped without a word, so a caller who sends `{"foreword": …}`
  to an endpoint that has no foreword learns it at once.
- Pages: the one pagination of every list, `?page=&page_size=` answered as
  `{"items": [...], "count": n, "page": p, "page_size": s}`.
- PageOf: a queryset whose rows are made into answers only for the page asked.
- described: the one shape of an operation's description, Thai first, then English.
"""

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# Of up to 1,000 rows: more pages than any list here holds (7,850 organisations).
MAX_PAGE = 100_000


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class Pages(PageNumberPagination):
    """Page numbers bounded: a page beyond any list is a 422 naming `page`, never an
    OFFSET the database cannot hold (page=10^20 was a 500 on both databases); a page size
    beyond MAX_PAGE_SIZE is a 422 naming `page_size`, not quietly cut."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="หน้าที่ต้องการ เริ่มที่ 1 (page number, from 1)")
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"จำนวนรายการต่อหน้า ไม่ระบุ = {PAGE_SIZE} สูงสุด {MAX_PAGE_SIZE} (rows per page)",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="จำนวนรายการทั้งหมดทุกหน้า (rows in all pages)")
        page: int = Field(description="หน้าที่ตอบ (this page's number)")
        page_size: int = Field(description="จำนวนรายการต่อหน้า (rows per page)")

    def __init__(self, page_size: int = PAGE_SIZE, **kwargs):
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        found = super().paginate_queryset(queryset, pagination, request, **params)
        return {**found, "page": pagination.page, "page_size": self._get_page_size(pagination.page_size)}


class PageOf:
    """Rows for @paginate(Pages): the paginator counts the queryset and slices it, and only
    the slice is turned into answers, by `out` (the page's rows → what the schema wants),
    so that what an answer needs besides the rows costs a few queries a page."""

    def __init__(self, queryset, out: Callable[[list], list]):
        self.queryset = queryset
        self.out = out

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, window: slice):
        return self.out(list(self.queryset[window]))


def described(thai: str, english: str) -> str:
    """An operation's description: Thai first, then "English: …" as its last paragraph (a
    test holds every operation of the OpenAPI document to it)."""
    return f"{thai}\n\nEnglish: {english}"
