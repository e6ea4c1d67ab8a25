"""Rules about what must be reported outside: the 個人情報保護委員会's 速報 and 確報."""

from __future__ import annotations

from collections.abc import Iterator

from casebook.domain.ppc import assess, due_text
from casebook.rules.base import Context, Hit, rule


@rule("ppc-report")
def ppc_report(ctx: Context) -> Iterator[Hit]:
    """委員会への報告が必要なのに速報・確報がない、または期限を過ぎている

    報告が必要かどうかは flags と本人の数（100人超）から判定し、期限は判明日から暦日で数えます（速報5日、確報30日、不正の目的は60日。土日・祝日も含めて数え、休日に当たる期限には「※土曜日」「※祝日（…）」と添えます）。
    """
    if ctx.invalid & {"flags", "persons", "occurred", "discovered", "reports"}:
        return  # what decides the duty or its deadlines has a schema error: judged once it is fixed
    assessment = assess(ctx.case, ctx.config)
    if not assessment.required:
        return
    why = "・".join(assessment.reasons)
    discovered = ctx.case.discovered
    reports = [(i, r) for i, r in enumerate(ctx.case.reports) if r.kind.is_ppc]
    if discovered is None:
        without = "判明日を記載しない（withheld）" if ctx.case.withheld_reason("discovered") else "判明日がない"
        yield Hit(("flags",), "warning", f"個人情報保護委員会への報告が必要です（{why}）が、{without}ため期限を計算できません")
    dues = {"速報": assessment.preliminary_due, "確報": assessment.final_due}
    for kind, due in dues.items():
        matching = [(i, r) for i, r in reports if str(r.kind) == kind]
        if not matching:
            overdue = due is not None and ctx.clock.passed(due)
            if overdue and due is not None:
                yield Hit(("reports",), "warning", f"個人情報保護委員会への{kind}がなく、期限（{due_text(due)}）を過ぎています（{why}）")
            elif kind == "速報":
                when = f"（期限 {due_text(due)}）" if due else ""
                yield Hit(("reports",), "warning", f"個人情報保護委員会への{kind}がありません{when}（{why}）")
            continue
        for index, report in matching:
            if report.date is None:
                yield Hit(("reports", index), "warning", f"{kind}の日付がありません")
            elif due is not None and discovered is not None and report.date.first_day > due:
                days = (due - discovered.first_day).days
                yield Hit(("reports", index, "date"), "warning", f"{kind}が期限（判明日から{days}日、{due_text(due)}）を過ぎています")
