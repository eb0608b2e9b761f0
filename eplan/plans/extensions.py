"""Where later apps add to the plan pages without plans knowing them (the assessment app
adds its result panel to the overview)."""

_overview_panels = []


def register_overview_panel(render):
    """render(request, plan) -> HTML or "" ; called in registration order."""
    if render not in _overview_panels:
        _overview_panels.append(render)


def overview_panels(request, plan) -> list:
    return [html for html in (render(request, plan) for render in _overview_panels) if html]
