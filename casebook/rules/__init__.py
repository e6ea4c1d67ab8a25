"""The rules of `check`: one registry, in the order `casebook rules` lists them.

Each rule is a function in one of the family modules, decorated with `@rule(id)`; its docstring is
its documentation (the first line is its title in `casebook rules` and the README). Adding a rule
is one function here and one fixture in tests/fixtures/rules/ (the per-rule tests walk this list).
"""

from __future__ import annotations

from collections.abc import Iterator

from casebook.reading.findings import locate
from casebook.rules import body, completeness, dates, notices, privacy, reading, reporting, text
from casebook.rules.base import Context, DocumentContext, Hit, Rule, Stage
from casebook.safety.quoting import quote

RULES: tuple[Rule, ...] = (
    reading.FILE,
    reading.YAML,
    reading.SCHEMA,
    reading.schema_version,
    reading.filename_id,
    reading.modeline,
    reading.DUPLICATE_ID,
    text.folded_text,
    reading.TEMPLATE,
    completeness.required,
    completeness.provisional_title,
    completeness.report_summary,
    completeness.report_publication,
    dates.date_order,
    dates.timeline_order,
    dates.weekday,
    dates.future_date,
    completeness.non_public_criterion,
    completeness.secondary_damage_detail,
    completeness.persons_total,
    reporting.ppc_report,
    notices.notice_press,
    notices.notice_apology,
    notices.notice_council,
    notices.notice_web,
    text.control_character,
    text.text_length,
    completeness.period_basis,
    body.organisation,
    privacy.privacy_email,
    privacy.privacy_phone,
    privacy.privacy_my_number,
    privacy.privacy_address,
    privacy.privacy_name,
)
MAX_HITS_PER_RULE = 20  # per file: the rest is one line, so that a pathological file cannot flood a CI log
# The rules each stage runs, in registry order, and which ids ignore_rules may name (looked up for every file).
_STAGES = {stage: tuple((item, item.check) for item in RULES if item.stage is stage and item.check is not None) for stage in Stage}
_IGNORABLE = {item.id: item.ignorable for item in RULES}


def all_rules() -> tuple[Rule, ...]:
    return RULES


def _run(stage: Stage, ignored: frozenset[str], context: DocumentContext) -> Iterator[tuple[str, Hit]]:
    for item, check in _STAGES[stage]:
        if ignored and item.ignorable and item.id in ignored:
            continue
        for count, hit in enumerate(check(context), 1):
            if count > MAX_HITS_PER_RULE:
                yield item.id, Hit(hit.loc, hit.severity, f"同じ問題がほかにもあります（{MAX_HITS_PER_RULE}件まで表示）", hit.place)
                break
            yield item.id, hit


def run_document_rules(context: DocumentContext) -> Iterator[tuple[str, Hit]]:
    """The rules that look at a file as read, whatever the schema says of it."""
    return _run(Stage.DOCUMENT, frozenset(), context)


def _ignore_rules(context: Context) -> Iterator[tuple[str, Hit]]:
    """Each entry of ignore_rules names a rule that exists and may be switched off."""
    for index, item in enumerate(context.case.ignore_rules):
        if _IGNORABLE.get(item.rule, False):
            continue
        known = item.rule in _IGNORABLE
        why = "は出力を壊さないための規則なので除外できません" if known else f"という規則はありません（{'、'.join(_IGNORABLE)}）"
        place = locate(context.node, ("ignore_rules", index, "rule"))
        yield reading.SCHEMA.id, Hit(("ignore_rules",), "warning", f"{quote(item.rule)}{why}", place)


def run_case_rules(context: Context) -> Iterator[tuple[str, Hit]]:
    """The rules of a case the schema accepted, but those its ignore_rules switches off."""
    ignored = context.case.ignore_rules
    if ignored:
        yield from _ignore_rules(context)
    yield from _run(Stage.CASE, frozenset(item.rule for item in ignored), context)


__all__ = ["RULES", "Context", "DocumentContext", "Hit", "Rule", "Stage", "all_rules", "run_case_rules", "run_document_rules"]
