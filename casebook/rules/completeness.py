"""Rules about facts a finished case must have, and facts that must agree with each other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casebook.domain.case import BASIS_FIELDS, PROVISIONAL_TITLE, Case
from casebook.domain.vocabularies import Presence, PublicationMode
from casebook.domain.withheld import Withheld
from casebook.rules.base import Context, Hit, rule

REQUIRED_FOR_FINAL = (
    "title",
    "unit_kind",
    "occurred",
    "category",
    "medium",
    "certainty",
    "persons",
    "summary",
    "causes",
    "responses",
    "secondary_damage",
    "measures",
    "publication",
)
WITHHOLDABLE = frozenset(Withheld.model_fields)
# Withheld facts that are not a field of their own in REQUIRED_FOR_FINAL: withheld.publication is 個別公表日 only
# (公表区分 stays required: it decides the table row and the count).
_WITHHELD_ELSEWHERE = {"discovered": ("discovered",), "data_items": ("data_items",), "publication": ("publication", "date")}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not value)  # as `value in ([], "")`, without comparing models


def _summary_for_the_table_missing(case: Case) -> bool:
    """A finished case that gets a row of the published table, with no 事案の概要 to put in it."""
    return not case.is_draft and case.is_public and _missing(case.summary)


def _value_at(case: Case, path: tuple[str, ...]) -> Any:
    value: Any = case
    for key in path:
        value = getattr(value, key, None)
    return value


def _said_by_report_rules(ctx: Context) -> set[str]:
    """Facts whose absence the report rules (which ignore_rules cannot switch off) already name."""
    case = ctx.case
    said = set()
    if _summary_for_the_table_missing(case):
        said.add("summary")
    if not case.is_draft and case.publication is None:
        said.add("publication")
    basis = str(ctx.config.period_basis)
    if case.basis_date(basis) is None:
        said.add(BASIS_FIELDS[basis])
    return said


def _data_unstated(case: Case) -> bool:
    """A case published on its own (a press release, a page of its own) that names neither the items nor a description
    of the personal data concerned, and gives no reason for leaving them out."""
    individual = case.publication is not None and case.publication.mode == PublicationMode.INDIVIDUAL
    published_alone = case.is_public and (individual or case.press is not None)
    return published_alone and not case.data_items and not case.data_description and case.withheld_reason("data_items") is None


@rule("required")
def required(ctx: Context) -> Iterator[Hit]:
    """確定した事案に必要な項目がない（調査中なら警告）

    件名・所属・発生日・分類・媒体・漏えいの区分・本人の数・事案の概要・発生原因・対応・二次被害・再発防止策・公表。
    空の文字（""）や空のリストも未記入です。公表しない・該当しない・不明の項目は、空のままにせず
    `withheld: {measures: 非公表}` のように理由を書きます（事案の概要と件名・発生日・公表区分は除く）。
    判明日・個人情報の項目・個別公表日（withheld の publication）も、記載しないなら理由を書けます。
    記入した項目を withheld にも書くとエラーです。
    個別公表か記者発表（press:）のある確定した事案に、個人情報の項目（data_items）も漏えいした個人情報（data_description）もなく、
    withheld に理由もなければ警告します（記者発表の「漏えいした個人情報」と委員会への報告の「保有個人情報の項目」が空になります）。
    """
    case = ctx.case
    values = case.__dict__  # the fields as validated: no attribute lookups for each of them
    withheld = case.withheld
    reasons = {} if withheld is None else {name: reason for name, reason in withheld.__dict__.items() if reason is not None}
    # Only a field that is missing without a reason, or written with one, can be a finding: the rest is not looked at.
    named = [
        name
        for name in REQUIRED_FOR_FINAL  # missing as _missing says, without a call for each field
        if ((value := values[name]) is None or (isinstance(value, (str, list)) and not value))
        != (name in reasons and name not in _WITHHELD_ELSEWHERE)  # case.withheld_reason
    ]
    said: frozenset[str] | None = None
    if named:
        said = ctx.invalid | _said_by_report_rules(ctx)  # a schema error, or a rule the report depends on, says it already
        for name in named:
            if name in said:
                continue
            reason = reasons.get(name) if name not in _WITHHELD_ELSEWHERE else None
            if reason is not None:
                yield Hit(
                    ("withheld", name),
                    "error",
                    f"記入されているのに、記載しない項目（withheld: {reason}）にもあります。どちらか一方にしてください",
                )
                continue
            withheld_note = (
                f"。公表しない・該当しない・不明なら withheld: {{{name}: 非公表}} のように理由を書きます" if name in WITHHOLDABLE else ""
            )
            if case.is_draft:
                yield Hit((name,), "warning", "未記入です（確定までに記入してください）")
            else:
                yield Hit((name,), "error", f"確定した事案では必須です（未確定なら status: 調査中{withheld_note}）")
    if not case.is_draft and _data_unstated(case):
        said = ctx.invalid | _said_by_report_rules(ctx) if said is None else said
        if not {"data_items", "data_description", "withheld", "publication", "press"} & said:
            yield Hit(
                ("data_items",),
                "warning",
                "確定した事案に個人情報の項目がありません（委員会への報告の「保有個人情報の項目」と記者発表の「漏えいした個人情報」が空になります）。"
                "data_items に [氏名, 住所] のように書くか、記載しないなら withheld: {data_items: 不明} のように理由を書きます",
            )
    for name, path in _WITHHELD_ELSEWHERE.items():
        reason = reasons.get(name)
        if reason is not None and path[0] not in ctx.invalid and not _missing(_value_at(case, path)):
            yield Hit(
                ("withheld", name),
                "error",
                f"記入されているのに、記載しない項目（withheld: {reason}）にもあります。どちらか一方にしてください",
            )


PROVISIONAL_TITLE_RULE = "provisional-title"


@rule(PROVISIONAL_TITLE_RULE)
def provisional_title(ctx: Context) -> Iterator[Hit]:
    """件名が、casebook import の作った仮の件名（【仮の件名】…）のまま

    表に件名の列がないと、`casebook import` は発生日と分類から「【仮の件名】令和7年4月3日の誤送付事案」のような件名を
    作ります。件名は一覧・お知らせ・サイトに出るので、団体の件名を決めて「【仮の件名】」を消すまで警告します。
    """
    title = ctx.case.title
    if "title" not in ctx.invalid and title is not None and title.startswith(PROVISIONAL_TITLE):
        yield Hit(
            ("title",),
            "warning",
            f"取り込みで作った仮の件名です。件名を決めて「{PROVISIONAL_TITLE}」を消してください（このままお知らせ・サイトに出ます）",
        )


@rule("report-summary", ignorable=False)
def report_summary(ctx: Context) -> Iterator[Hit]:
    """一覧表に載る確定した事案（個別公表・一括公表のみ）に事案の概要がない（ignore_rules でも除外できません）"""
    if "summary" not in ctx.invalid and _summary_for_the_table_missing(ctx.case):
        yield Hit(("summary",), "error", "公表する確定した事案には事案の概要が必要です（一覧表の行に載ります。未確定なら status: 調査中）")


@rule("period-basis", ignorable=False)
def period_basis(ctx: Context) -> Iterator[Hit]:
    """報告書の期間を決める日付（period_basis の発生日・判明日・報告日）がない（除外できません）

    確定した事案はエラー（件数から落ちないように）。調査中は警告で、報告書は --allow-draft のときだけ、
    この事案を除いたことを知らせて作ります。
    """
    basis = str(ctx.config.period_basis)
    name = BASIS_FIELDS[basis]
    if name in ctx.invalid or ctx.case.basis_date(basis) is not None:
        return
    if ctx.case.is_draft:
        yield Hit((name,), "warning", f"{basis}がないため、どの期間の報告書に入るか決まりません（確定までに記入してください）")
    else:
        message = f"確定した事案には{basis}が必要です（報告書は{basis}で期間に振り分けます。casebook.yaml の period_basis）"
        yield Hit((name,), "error", message)


@rule("report-publication", ignorable=False)
def report_publication(ctx: Context) -> Iterator[Hit]:
    """確定した事案に公表の区分がない（一覧表の行数と件数が合わなくなるため除外できません）"""
    if "publication" not in ctx.invalid and not ctx.case.is_draft and ctx.case.publication is None:
        message = "確定した事案には公表の区分（個別公表・一括公表のみ・非公表）が必要です（一覧表の行と件数を決めます）"
        yield Hit(("publication",), "error", message)


@rule("non-public-criterion")
def non_public_criterion(ctx: Context) -> Iterator[Hit]:
    """非公表なのに非公表基準がない／公表なのに基準がある"""
    publication = ctx.case.publication
    if publication is None:
        return
    if publication.mode == PublicationMode.NON_PUBLIC and publication.criterion is None:
        yield Hit(("publication", "mode"), "error", "非公表の事案には非公表基準 criterion（1〜4）が必要です")
    if publication.mode != PublicationMode.NON_PUBLIC and publication.criterion is not None:
        yield Hit(("publication", "criterion"), "warning", f"{publication.mode}の事案に非公表基準が書かれています")
    criteria = ctx.config.non_public_criteria
    if publication.criterion is not None and publication.criterion > len(criteria):
        yield Hit(("publication", "criterion"), "error", f"非公表基準は ({len(criteria)}) までです")


@rule("secondary-damage-detail")
def secondary_damage_detail(ctx: Context) -> Iterator[Hit]:
    """二次被害が「有」なのに内容がない"""
    damage = ctx.case.secondary_damage
    if damage is not None and damage.status == Presence.YES and not damage.detail:
        yield Hit(("secondary_damage", "status"), "error", "二次被害が「有」のときは内容 detail を書いてください")


@rule("persons-total")
def persons_total(ctx: Context) -> Iterator[Hit]:
    """延べ人数が実人数より少ない"""
    persons = ctx.case.persons
    if persons and isinstance(persons.actual, int) and isinstance(persons.total, int) and persons.total < persons.actual:
        yield Hit(("persons", "total"), "error", f"延べ人数（{persons.total}）が実人数（{persons.actual}）より少なくなっています")
