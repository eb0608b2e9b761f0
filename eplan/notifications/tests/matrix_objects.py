"""The permission matrix's notifications: one of อบต.กลาย's officer (inside) and one of
ช้างเผือก's officer (outside). Only their own recipient may open or mark them."""

from django.db import transaction

from eplan.notifications import services
from eplan.notifications.models import Notification


def build(world):
    ids = []
    for user in (world.officer, world.outsider_north):
        with transaction.atomic():
            services.notify(kind="circular_new", recipients=[user], title="matrix", url="/", key="matrix")
        ids.append(Notification.objects.get(recipient=user, key="matrix").pk)
    inside, outside = ({"notification": pk, "notification_id": pk} for pk in ids)
    return inside, outside
