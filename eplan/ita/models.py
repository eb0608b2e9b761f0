"""ITA results (การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ): the score
and level NACC published for each อปท. per fiscal year, as imported by central staff.

The levels are those NACC publishes (AA … F) with their score floors; a row whose level does
not agree with its score is refused at import, so the two never contradict each other here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eplan.registry.models import Organisation


class ItaLevel(models.TextChoices):
    AA = "AA", "AA"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"


# The lowest score of each level, highest first (NACC's published bands).
LEVEL_FLOORS = (
    (ItaLevel.AA, Decimal("95")),
    (ItaLevel.A, Decimal("85")),
    (ItaLevel.B, Decimal("75")),
    (ItaLevel.C, Decimal("65")),
    (ItaLevel.D, Decimal("55")),
    (ItaLevel.E, Decimal("50")),
    (ItaLevel.F, Decimal("0")),
)
# NACC's pass mark for an agency (ผ่านเกณฑ์), as published for the 2562 results.
PASS_SCORE = Decimal("85")
# The first fiscal year NACC assessed อปท. with ITA.
FIRST_YEAR = 2558


def level_for_score(score: Decimal) -> str:
    for level, floor in LEVEL_FLOORS:
        if score >= floor:
            return level
    return ItaLevel.F


class ItaResult(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("อปท."), on_delete=models.PROTECT, related_name="ita_results"
    )
    year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    score = models.DecimalField(
        _("คะแนน ITA"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    level = models.CharField(_("ระดับผลการประเมิน"), max_length=2, choices=ItaLevel.choices)
    imported_at = models.DateTimeField(_("นำเข้าเมื่อ"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้นำเข้า"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("ไฟล์ที่นำเข้า"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ผลการประเมิน ITA")
        ordering = ["organisation__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="ita_one_result_per_year"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100), name="ita_score_between_0_and_100"
            ),
        ]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return f"{self.organisation.code} ITA {self.year}: {self.score} ({self.level})"

    @property
    def passed(self) -> bool:
        return self.score >= PASS_SCORE
