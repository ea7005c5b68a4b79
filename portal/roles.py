"""Staff roles as Django groups (岗位角色). Created after every migrate, idempotently.

- 信息发布员 (editor): drafts documents and attachments, submits them for review; cannot publish.
- 审核员 (reviewer): everything an editor does, plus review, 保密审查, publish and withdraw.
- 站点管理员 (site administrator): also columns, organisations, the site profile and the
  forbidden-term list.
- 依申请公开办理员 (request handler): registers and handles applications, sees applicants'
  personal data.
- 依申请公开负责人 (head of the disclosure office): a handler who also approves extensions and
  edits the notice templates.
"""

from django.contrib.auth.models import Group, Permission

EDITOR = "信息发布员"
REVIEWER = "审核员"
SITE_ADMIN = "站点管理员"

_EDITOR_PERMS = [
    "disclosure.add_document", "disclosure.change_document", "disclosure.view_document",
    "disclosure.add_attachment", "disclosure.change_attachment", "disclosure.view_attachment",
    "disclosure.delete_attachment", "disclosure.view_column", "portal.view_organisation",
    # The annual report (政府信息公开工作年度报告) is drafted by editors, published by reviewers.
    "annual_reports.view_annualreport", "annual_reports.add_annualreport",
    "annual_reports.change_annualreport",
    # 文化日历 and 网上办事.
    "events.add_event", "events.change_event", "events.view_event",
    "services_hall.add_serviceitem", "services_hall.change_serviceitem",
    "services_hall.view_serviceitem", "services_hall.add_requiredmaterial",
    "services_hall.change_requiredmaterial", "services_hall.delete_requiredmaterial",
    "services_hall.view_requiredmaterial", "services_hall.add_serviceform",
    "services_hall.change_serviceform", "services_hall.delete_serviceform",
    "services_hall.view_serviceform", "services_hall.view_servicetheme",
    # 互动交流: consultations, comments, the mailbox and its published Q&A.
    "interaction.add_consultation", "interaction.change_consultation",
    "interaction.view_consultation", "interaction.add_consultationattachment",
    "interaction.change_consultationattachment", "interaction.delete_consultationattachment",
    "interaction.view_consultationattachment", "interaction.add_consultationfeedback",
    "interaction.change_consultationfeedback", "interaction.view_consultationfeedback",
    "interaction.view_comment", "interaction.view_message", "interaction.handle_message",
    "interaction.view_publishedanswer", "interaction.change_publishedanswer",
    # 政策解读 and 建议提案办理.
    "interpretations.view_interpretation", "interpretations.add_interpretation",
    "interpretations.change_interpretation", "interpretations.view_interpretationrequirement",
    "interpretations.add_interpretationrequirement",
    "interpretations.change_interpretationrequirement",
    "interpretations.delete_interpretationrequirement",
    "proposals.view_proposal", "proposals.add_proposal", "proposals.change_proposal",
    "proposals.view_proposalcohandler", "proposals.add_proposalcohandler",
    "proposals.change_proposalcohandler", "proposals.delete_proposalcohandler",
    "proposals.view_resultclass", "proposals.view_proposalreply",
    "proposals.add_proposalreply", "proposals.change_proposalreply",
]
_REVIEWER_PERMS = _EDITOR_PERMS + [
    "disclosure.publish_document", "integrity.view_forbiddenterm",
    "events.publish_event", "services_hall.publish_serviceitem",
    "interaction.publish_consultation", "interaction.publish_message",
    "interaction.moderate_comment",
    "interpretations.publish_interpretation", "proposals.publish_proposalreply",
]
_SITE_ADMIN_PERMS = _REVIEWER_PERMS + [
    "disclosure.add_column", "disclosure.change_column", "disclosure.delete_column",
    "disclosure.delete_document",
    "portal.add_organisation", "portal.change_organisation",
    "portal.view_siteprofile", "portal.change_siteprofile", "portal.add_siteprofile",
    "integrity.add_forbiddenterm", "integrity.change_forbiddenterm", "integrity.delete_forbiddenterm",
    "proposals.add_resultclass", "proposals.change_resultclass",
    "interpretations.delete_interpretation", "proposals.delete_proposal",
    "proposals.delete_proposalreply",
    "site_stats.view_site_check", "site_stats.view_pageviewdaily",
    "events.delete_event", "services_hall.delete_serviceitem", "services_hall.add_servicetheme",
    "services_hall.change_servicetheme", "services_hall.delete_servicetheme",
    # The working-day calendar (工作日历) of the statutory clock.
    "requests_app.view_calendaryear", "requests_app.add_calendaryear",
    "requests_app.change_calendaryear", "requests_app.view_workdaycalendarday",
    "requests_app.add_workdaycalendarday", "requests_app.change_workdaycalendarday",
]

REQUEST_HANDLER = "依申请公开办理员"
REQUEST_APPROVER = "依申请公开负责人"

_REQUEST_HANDLER_PERMS = [
    "requests_app.handle_application",
    "requests_app.view_application", "requests_app.add_application", "requests_app.change_application",
    "requests_app.view_applicationfile", "requests_app.add_applicationfile",
    "requests_app.view_applicationevent", "requests_app.view_notice",
    "requests_app.view_noticetemplate",
    "requests_app.view_correction", "requests_app.view_consultation", "requests_app.view_extension",
    "requests_app.view_feenotice",
    "requests_app.view_remedy", "requests_app.add_remedy", "requests_app.change_remedy",
    "requests_app.view_calendaryear", "requests_app.view_workdaycalendarday",
    "portal.view_organisation",
]
# The head of the disclosure office (政府信息公开工作机构负责人) approves extensions (第33条).
_REQUEST_APPROVER_PERMS = _REQUEST_HANDLER_PERMS + [
    "requests_app.approve_extension", "requests_app.change_noticetemplate",
]

ROLES: dict[str, list[str]] = {
    EDITOR: _EDITOR_PERMS,
    REVIEWER: _REVIEWER_PERMS,
    SITE_ADMIN: _SITE_ADMIN_PERMS,
    REQUEST_HANDLER: _REQUEST_HANDLER_PERMS,
    REQUEST_APPROVER: _REQUEST_APPROVER_PERMS,
}


def _permissions(codes: list[str]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    perms = [
        p for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    return perms


def ensure_roles(roles: dict[str, list[str]] | None = None) -> None:
    """Create or update the role groups; other apps pass their own roles."""
    for name, codes in (roles or ROLES).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(codes))
