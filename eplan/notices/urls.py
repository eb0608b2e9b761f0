from django.urls import path

from eplan.notices import views, views_files, views_public

app_name = "notices"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("public/", views_public.public_list, name="public_list"),
    path("public/<int:circular_id>/", views_public.public_detail, name="public_detail"),
    path(
        "public/<int:circular_id>/files/<int:attachment_id>/", views_files.public_attachment, name="public_attachment"
    ),
    path("<int:circular_id>/", views.detail, name="detail"),
    path("<int:circular_id>/forward/", views.forward, name="forward"),
    path("<int:draft_id>/publish/", views.publish, name="publish"),
    path("<int:circular_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:circular_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:circular_id>/acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("<int:circular_id>/acknowledgements.xlsx", views_files.acknowledgements_xlsx, name="acknowledgements_xlsx"),
    path("<int:circular_id>/remind/", views.remind, name="remind"),
    path("<int:circular_id>/files/<int:attachment_id>/", views_files.attachment, name="attachment"),
    path("<int:circular_id>/replies/<int:recipient_id>/", views_files.reply_file, name="reply_file"),
]
