from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from eplan.accounts import services, throttle


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    throttle.clear_for_success(user.get_username(), getattr(request, "client_ip", None))
    services.login_recorded(user=user)
