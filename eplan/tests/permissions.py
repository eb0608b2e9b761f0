"""The expected answer of every page and API operation, per role: for each, nine answers
in the order of ROLES, each "inside/outside" — the status for an object in the role's scope
and for one outside it (an organisation of Chiang Mai, region 5); "login" means sent to the
login page. Central's "outside" object is in its scope too (it has the whole country).

A new page or endpoint fails test_every_page_and_endpoint_is_in_the_matrix until it has a
line here; a changed answer fails the role's test. Decide the answers; do not copy them
from a run without reading them (eplan/tests/test_permission_matrix.py, MATRIX_PRINT=1
writes what a run found to /tmp/matrix-<role>.txt)."""

from eplan.tests.matrix import app_object_modules

ROLES = [
    "officer",
    "executive",
    "primary",
    "district_office",
    "provincial_dla",
    "nacc_provincial",
    "nacc_regional",
    "central",
    "anonymous",
]

#        officer executive primary district  sthj   nacc-prov nacc-reg central  visitor
TABLE = """
GET public:home                                                                 200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:home                                                                405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:organisations                                                        200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:organisations                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:districts                                                            200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:districts                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:organisation                                                         200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:organisation                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:status_cycles                                                        200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:status_cycles                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:status                                                               200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:status                                                              405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:status_xlsx                                                          200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:status_xlsx                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:announcements                                                        200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:announcements                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:announcement                                                         200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:announcement                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:announcement_compare                                                 200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:announcement_compare                                                405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:announcement_xlsx                                                    200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:announcement_xlsx                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:announcement_pdf                                                     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:announcement_pdf                                                    405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:organisation_plan_pdf                                                200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:organisation_plan_pdf                                               405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET public:organisation_report_pdf                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST public:organisation_report_pdf                                             405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET accounts:login                                                              302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     200/200
POST accounts:login                                                             302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     200/200
GET accounts:logout                                                             405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
POST accounts:logout                                                            302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302
GET accounts:password_change                                                    200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST accounts:password_change                                                   200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
GET accounts:password_reset                                                     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST accounts:password_reset                                                    200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET accounts:password_reset_sent                                                200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST accounts:password_reset_sent                                               200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET accounts:password_reset_confirm                                             200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST accounts:password_reset_confirm                                            200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET accounts:find_username                                                      200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST accounts:find_username                                                     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET accounts:me                                                                 200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST accounts:me                                                                200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
GET accounts:api_token_create                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:api_token_create                                                  200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
GET accounts:api_token_revoke                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:api_token_revoke                                                  302/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET accounts:organisation_profile                                               200/404     200/404     200/404     404/404     404/404     404/404     404/404     200/200     login/login
POST accounts:organisation_profile                                              200/404     200/404     200/404     404/404     404/404     404/404     404/404     200/200     login/login
GET accounts:users                                                              404/404     200/200     200/200     404/404     200/200     200/200     200/200     200/200     login/login
POST accounts:users                                                             404/404     200/200     200/200     404/404     200/200     200/200     200/200     200/200     login/login
GET accounts:user_new                                                           404/404     200/200     200/200     404/404     200/200     200/200     200/200     200/200     login/login
POST accounts:user_new                                                          404/404     200/200     200/200     404/404     200/200     200/200     200/200     200/200     login/login
GET accounts:user_detail                                                        404/404     200/404     200/404     404/404     200/404     200/404     200/404     200/200     login/login
POST accounts:user_detail                                                       404/404     200/404     200/404     404/404     200/404     200/404     200/404     200/200     login/login
GET accounts:user_action                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:user_action                                                       404/404     302/404     302/404     404/404     302/404     302/404     302/404     302/302     login/login
GET accounts:lockouts                                                           404/404     404/404     404/404     404/404     200/200     200/200     200/200     200/200     login/login
POST accounts:lockouts                                                          404/404     404/404     404/404     404/404     200/200     200/200     200/200     200/200     login/login
GET accounts:lockout_unlock                                                     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:lockout_unlock                                                    404/404     404/404     404/404     404/404     302/404     302/404     302/404     302/302     login/login
GET accounts:regions                                                            404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST accounts:regions                                                           404/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET accounts:audit                                                              404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST accounts:audit                                                             405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET accounts:login_code                                                         login/login login/login login/login login/login login/login login/login login/login login/login login/login
POST accounts:login_code                                                        login/login login/login login/login login/login login/login login/login login/login login/login login/login
GET accounts:login_setup                                                        login/login login/login login/login login/login login/login login/login login/login login/login login/login
POST accounts:login_setup                                                       login/login login/login login/login login/login login/login login/login login/login login/login login/login
GET accounts:email_verify                                                       400/400     400/400     400/400     400/400     400/400     400/400     400/400     400/400     400/400
POST accounts:email_verify                                                      400/400     400/400     400/400     400/400     400/400     400/400     400/400     400/400     400/400
GET accounts:email_verification_resend                                          405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:email_verification_resend                                         302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     login/login
GET accounts:second_factor_setup                                                200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST accounts:second_factor_setup                                               200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
GET accounts:second_factor_remove                                               405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:second_factor_remove                                              302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     login/login
GET accounts:recovery_codes                                                     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST accounts:recovery_codes                                                    302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     login/login
GET accounts:second_factor_policy                                               404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST accounts:second_factor_policy                                              404/404     404/404     404/404     404/404     404/404     404/404     404/404     302/302     login/login
GET frameworks:cycles                                                           200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST frameworks:cycles                                                          405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET frameworks:cycle_new                                                        404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST frameworks:cycle_new                                                       404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
GET frameworks:cycle                                                            200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST frameworks:cycle                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET frameworks:cycle_edit                                                       404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST frameworks:cycle_edit                                                      404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
GET frameworks:dimension_edit                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST frameworks:dimension_edit                                                  404/404     404/404     404/404     404/404     404/404     404/404     404/404     302/302     login/login
GET frameworks:mission_add                                                      405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST frameworks:mission_add                                                     404/404     404/404     404/404     404/404     404/404     404/404     404/404     302/302     login/login
GET frameworks:mission_edit                                                     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST frameworks:mission_edit                                                    404/404     404/404     404/404     404/404     404/404     404/404     404/404     302/302     login/login
GET frameworks:criterion_new                                                    404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST frameworks:criterion_new                                                   404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
GET frameworks:criterion_edit                                                   404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST frameworks:criterion_edit                                                  404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
GET plans:home                                                                  200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST plans:home                                                                 405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:start                                                                 405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST plans:start                                                                302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:overview                                                              200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:overview                                                             405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:part1                                                                 200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:part1                                                                302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:part1_join                                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST plans:part1_join                                                           302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:items                                                                 200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:items                                                                405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:item_new                                                              200/404     200/404     200/404     404/404     404/404     404/404     404/404     404/404     login/login
POST plans:item_new                                                             422/404     422/404     422/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:item_edit                                                             200/404     200/404     200/404     404/404     404/404     404/404     404/404     404/404     login/login
POST plans:item_edit                                                            422/404     422/404     422/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:item_action                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST plans:item_action                                                          302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:details                                                               200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:details                                                              405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:sar                                                                   200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:sar                                                                  302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:submit                                                                405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST plans:submit                                                               302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:version                                                               200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:version                                                              405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:version_return                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST plans:version_return                                                       404/404     404/404     404/404     404/404     404/404     422/404     422/404     422/422     login/login
GET plans:version_diff                                                          200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:version_diff                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:pdf                                                                   200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:pdf                                                                  405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:version_pdf                                                           200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:version_pdf                                                          405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:receipt_pdf                                                           200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:receipt_pdf                                                          405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:excel_template                                                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:excel_template                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:excel_export                                                          200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST plans:excel_export                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:excel_import                                                          200/404     200/404     200/404     404/404     404/404     404/404     404/404     404/404     login/login
POST plans:excel_import                                                         200/404     200/404     200/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:excel_import_apply                                                    302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
POST plans:excel_import_apply                                                   302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET plans:missing_home                                                          404/404     404/404     404/404     302/302     302/302     302/302     302/302     302/302     login/login
POST plans:missing_home                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:missing                                                               404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST plans:missing                                                              405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET plans:missing_xlsx                                                          404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST plans:missing_xlsx                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET assessment:queue                                                            404/404     404/404     404/404     404/404     404/404     200/200     200/200     200/200     login/login
POST assessment:queue                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET assessment:assess                                                           404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     login/login
POST assessment:assess                                                          404/404     404/404     404/404     404/404     404/404     422/404     422/404     422/422     login/login
GET assessment:revise                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST assessment:revise                                                          302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET assessment:announcement_publish                                             404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
POST assessment:announcement_publish                                            404/404     404/404     404/404     404/404     404/404     404/404     404/404     200/200     login/login
GET reporting:follow_up                                                         404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST reporting:follow_up                                                        404/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:follow_up_missing_xlsx                                            404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST reporting:follow_up_missing_xlsx                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:scores                                                            404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST reporting:scores                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:rounds                                                            200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST reporting:rounds                                                           404/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:report_xlsx                                                       200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST reporting:report_xlsx                                                      405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:report_import                                                     302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
POST reporting:report_import                                                    302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:report_pdf                                                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST reporting:report_pdf                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:home                                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST reporting:home                                                             405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:report                                                            200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST reporting:report                                                           302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:line_save                                                         302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
POST reporting:line_save                                                        302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:texts_save                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:texts_save                                                       302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:extra_add                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:extra_add                                                        302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:extra_remove                                                      405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:extra_remove                                                     404/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:evidence_add                                                      405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:evidence_add                                                     302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:evidence_remove                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:evidence_remove                                                  302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET reporting:evidence_file                                                     200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST reporting:evidence_file                                                    405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET reporting:submit                                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST reporting:submit                                                           302/404     302/404     302/404     404/404     404/404     404/404     404/404     404/404     login/login
GET healthz                                                                     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
POST healthz                                                                    405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET favicon                                                                     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302
POST favicon                                                                    405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET set_language                                                                302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302
POST set_language                                                               302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302
GET /api/v1/provinces                                                           200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/organisations                                                       200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/organisations/{code}                                                200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/cycles                                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/cycles/{code}                                                       200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/cycles/{code}/framework                                             200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/plans                                                               200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
POST /api/v1/plans                                                              200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/plans/{organisation}/{cycle}                                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
PATCH /api/v1/plans/{organisation}/{cycle}/part1                                200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/plans/{organisation}/{cycle}/items                                  200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
POST /api/v1/plans/{organisation}/{cycle}/items                                 201/404     201/404     201/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/plans/{organisation}/{cycle}/items/{item_id}                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
PUT /api/v1/plans/{organisation}/{cycle}/items/{item_id}                        200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
DELETE /api/v1/plans/{organisation}/{cycle}/items/{item_id}                     204/404     204/404     204/404     403/404     403/404     403/404     403/404     403/403     401/401
POST /api/v1/plans/{organisation}/{cycle}/items/{item_id}/move                  200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/plans/{organisation}/{cycle}/self-assessment                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
PATCH /api/v1/plans/{organisation}/{cycle}/self-assessment                      200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
POST /api/v1/plans/{organisation}/{cycle}/submit                                422/404     422/404     422/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/plans/{organisation}/{cycle}/versions                               200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
GET /api/v1/plans/{organisation}/{cycle}/versions/{number}                      200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
POST /api/v1/plans/{organisation}/{cycle}/versions/{number}/return              403/404     403/404     403/404     403/404     403/404     200/404     200/404     200/200     401/401
GET /api/v1/plans/{organisation}/{cycle}/part1                                  200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
GET /api/v1/status                                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/status/summary                                                      200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/announcements                                                       200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/announcements/{cycle}/{number}                                      200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/announcements/{cycle}/{number}/entries                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200
GET /api/v1/assessment/queue                                                    404/404     404/404     404/404     404/404     404/404     200/200     200/200     200/200     401/401
GET /api/v1/assessment/versions/{version_id}                                    404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     401/401
PUT /api/v1/assessment/versions/{version_id}/{level}                            404/404     404/404     404/404     404/404     404/404     422/404     422/404     422/422     401/401
GET /api/v1/assessment/versions/{version_id}/{level}                            404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     401/401
POST /api/v1/announcements/{cycle}                                              403/403     403/403     403/403     403/403     403/403     403/403     403/403     201/201     401/401
GET /api/v1/reporting/rounds                                                    200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
GET /api/v1/reporting/reports/{organisation_code}/{cycle}/{round_code}          200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
POST /api/v1/reporting/reports/{organisation_code}/{cycle}/{round_code}         200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
PUT /api/v1/reporting/reports/{organisation_code}/{cycle}/{round_code}          409/404     409/404     409/404     403/404     403/404     403/404     403/404     403/403     401/401
POST /api/v1/reporting/reports/{organisation_code}/{cycle}/{round_code}/submit  200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
GET /api/v1/reporting/completeness                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
GET /api/v1/reporting/missing                                                   200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
GET /api/v1/me/worklist                                                         200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
GET notifications:index                                                         200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST notifications:index                                                        405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET notifications:open                                                          405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
POST notifications:open                                                         302/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     login/login
GET notifications:read_all                                                      405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
POST notifications:read_all                                                     302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     login/login
GET notifications:preferences                                                   200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST notifications:preferences                                                  302/302     302/302     302/302     302/302     302/302     302/302     302/302     302/302     login/login
GET /api/v1/me/notifications                                                    200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
POST /api/v1/me/notifications/{notification_id}/read                            200/404     404/404     404/404     404/404     404/404     404/404     404/404     404/404     401/401
POST /api/v1/me/notifications/read-all                                          200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
"""

# While the follow-up half is being built its apps may keep their rows in
# eplan/<app>/tests/matrix_objects.py (ROWS, same layout); they join the table here.
for _module in app_object_modules():
    TABLE += getattr(_module, "ROWS", "")

EXPECTED = {
    line[: line.index("  ")]: dict(zip(ROLES, line[line.index("  ") :].split(), strict=True))
    for line in TABLE.strip().splitlines()
}
