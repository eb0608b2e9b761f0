"""Circulars marked public, for anyone without logging in."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from eplan.notices import audience as audiences
from eplan.notices import selectors


@require_safe
def public_list(request):
    page = Paginator(selectors.public_circulars().order_by("-issued_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "notices/public_list.html", {"page": page})


@require_safe
def public_detail(request, circular_id):
    circular = selectors.public_circular_or_404(circular_id)
    chain = [item for item in selectors.chain_of(circular) if item.is_public or item.pk == circular.pk]
    return render(
        request,
        "notices/public_detail.html",
        {
            "circular": circular,
            "chain": chain,
            "attachments": list(circular.attachments.all()),
            "audience": audiences.audience_label(circular),
            "public": True,
        },
    )
