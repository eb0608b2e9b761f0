"""Deployment checks about accounts (shown by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def client_address_behind_proxy(app_configs, **kwargs):
    """Behind a load balancer every request comes from the balancer's address unless
    X-Forwarded-For is trusted for the right number of hops (core.request_context): login
    throttling would then count one address for the whole country, and the audit trail
    would name the balancer. The deployment says it is behind a proxy when it trusts the
    proxy's X-Forwarded-Proto (BEHIND_TLS_PROXY, the production default)."""
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
    if behind_proxy and settings.TRUSTED_PROXY_COUNT <= 0:
        return [
            Warning(
                "TRUSTED_PROXY_COUNT is not set although the site runs behind a proxy (BEHIND_TLS_PROXY): "
                "every client would appear to come from the proxy's address.",
                hint=(
                    "Set TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For "
                    "(1 behind one load balancer), or BEHIND_TLS_PROXY=0 if there is no proxy."
                ),
                id="accounts.W001",
            )
        ]
    return []
