from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from eplan.accounts import services, throttle


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    throttle.record_success(user.get_username(), getattr(request, "client_ip", None))
    services.login_recorded(user=user, second_factor=getattr(request, "eplan_second_factor", ""))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.logout_recorded(user=user)
