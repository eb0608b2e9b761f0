"""A scoring page refused because a colleague saved the score set first: per criterion,
item and the general comment, what is stored now beside what this assessor typed (in the
shape of services.score_set_values), shown by plans/_conflict.html."""

from django.utils.translation import gettext as _

from eplan.assessment import services
from eplan.plans import conflicts

FITS = [True, ""]  # an item nobody judged fits its dimension


def typed_values(scores, judgements, general_comment) -> dict:
    """What the form sent: scores {criterion id: (score or None, comment)} and judgements
    {item id: (fits, reason)} as the scoring page reads them."""
    return {
        "general_comment": (general_comment or "").strip(),
        "scores": {
            str(key): [f"{score:.2f}", (comment or "").strip()] if score is not None else None
            for key, (score, comment) in scores.items()
        },
        "judgements": {
            str(key): [bool(fits), "" if fits else (reason or "").strip()] for key, (fits, reason) in judgements.items()
        },
    }


def _flat(values, criteria, items) -> dict:
    scores, judgements = values.get("scores", {}), values.get("judgements", {})
    flat = {"general_comment": values.get("general_comment", "")}
    flat.update({f"score:{key}": scores.get(key) for key in criteria})
    flat.update({f"item:{key}": judgements.get(key, FITS) for key in items})
    return flat


def _show(key, value):
    if key.startswith("score:"):
        score, comment = value
        return f"{score} — {comment}" if comment else score
    if key.startswith("item:"):
        fits, reason = value
        return _("สอดคล้อง") if fits else _("ไม่สอดคล้อง: %(reason)s") % {"reason": reason}
    return value


def rows(current: dict, typed: dict, version) -> list[dict]:
    criteria = {str(row["id"]): row for row in version.snapshot["criteria"]}
    items = {str(key): entry for key, entry in services.snapshot_items(version).items()}
    labels = {"general_comment": _("ความเห็นโดยรวมถึง อปท.")}
    labels.update({f"score:{key}": _("คะแนน: %(text)s") % {"text": row["text"]} for key, row in criteria.items()})
    labels.update(
        {
            f"item:{key}": _("รายการ %(n)s %(title)s") % {"n": entry["number"], "title": entry["title"]}
            for key, entry in items.items()
        }
    )
    typed_keys = (
        {"general_comment"}
        | {f"score:{key}" for key in typed["scores"]}
        | {f"item:{key}" for key in typed["judgements"]}
    )
    flat_typed = {key: value for key, value in _flat(typed, criteria, items).items() if key in typed_keys}
    return conflicts.rows(_flat(current, criteria, items), flat_typed, labels, _show)
