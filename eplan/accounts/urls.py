from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_safe

from eplan.accounts import views, views_second_factor

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views_second_factor.login_code, name="login_code"),
    path("login/setup/", views_second_factor.login_setup, name="login_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("find-username/", views.find_username, name="find_username"),
    path("email/verify/<str:token>/", views.email_verify, name="email_verify"),
    path("me/", views.me, name="me"),
    path("me/email/verify/", views.email_verification_resend, name="email_verification_resend"),
    path("me/second-factor/", views_second_factor.second_factor_setup, name="second_factor_setup"),
    path("me/second-factor/remove/", views_second_factor.second_factor_remove, name="second_factor_remove"),
    path("me/second-factor/recovery-codes/", views_second_factor.recovery_codes, name="recovery_codes"),
    path("me/api-tokens/new/", views.api_token_create, name="api_token_create"),
    path("me/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("organisation/<str:code>/profile/", views.organisation_profile, name="organisation_profile"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("second-factor/", views_second_factor.second_factor_policy, name="second_factor_policy"),
    path("regions/", views.regions, name="regions"),
    path("audit/", require_safe(views.audit), name="audit"),
]
