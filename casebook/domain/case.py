"""The case file: one incident, as the published documents and 個人情報保護法 第68条 describe it.

Keys are English snake_case; each field's title is the Japanese label the
documents use, so messages and the JSON Schema speak Japanese. Fields that a
finished case needs are optional here and enforced by the `required` rule, so
that a draft (調査中) loads and `check` lists what is left to fill in.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Field,
)

from casebook.domain.ids import ID_PATTERN, id_problem
from casebook.domain.jpdate import Moment, When
from casebook.domain.parts import (
    Apology,
    CategoryField,
    CertaintyField,
    Contact,
    Contractor,
    Council,
    Disciplinary,
    Flags,
    IgnoredRule,
    ListOf,
    MediumField,
    MomentField,
    Persons,
    Press,
    Publication,
    Record,
    Report,
    SecondaryDamage,
    StatusField,
    TextList,
    TimelineEntry,
    UnitKindField,
    WebNotice,
    WhenField,
)
from casebook.domain.vocabularies import (
    PublicationMode,
    Status,
    Withholding,
)
from casebook.domain.withheld import Withheld

BASIS_FIELDS = {"発生日": "occurred", "判明日": "discovered", "報告日": "reported"}  # the period_basis values' fields

# The start of a 件名 nobody chose: casebook import makes one from the date and the 分類 where the table has none
# (件名 cannot be withheld). It shows wherever the title goes, and `check` warns of it (provisional-title).
PROVISIONAL_TITLE = "【仮の件名】"


@cache
def _unflagged() -> Flags:
    """The flags of a case that writes none: one frozen instance, not one validated for every such case."""
    return Flags()


def _case_id(value: Any) -> Any:
    if isinstance(value, str) and (problem := id_problem(value)):
        raise ValueError(problem)
    return value


class Case(Record):
    schema_version: Annotated[int, Field(ge=1)] | None = Field(
        None,
        title="形式の版",
        description="事案ファイルの形式の版。古い版のファイルは casebook fmt が今の版に書き換えます（書かれていなければ 1）",
    )
    id: Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(_case_id)] = Field(
        title="事案ID", description="ファイル名（拡張子なし）と同じ。英数字・「-」「_」のみ"
    )
    title: str | None = Field(None, title="件名")
    status: StatusField = Field(title="状態")
    organisation: str | None = Field(None, title="団体名", description="省略すると casebook.yaml の organisation")
    department: str | None = Field(None, title="担当課")
    unit_kind: UnitKindField | None = Field(None, title="所属")
    contractor: Contractor | None = Field(None, title="委託先")

    occurred: WhenField | None = Field(None, title="発生日")
    discovered: MomentField | None = Field(None, title="判明日")
    reported: MomentField | None = Field(None, title="報告日", description="個人情報保護担当課へ報告された日")

    category: CategoryField | None = Field(None, title="事案の分類")
    medium: MediumField | None = Field(None, title="媒体")
    certainty: CertaintyField | None = Field(None, title="漏えいの区分")
    persons: Persons | None = Field(None, title="本人の数")
    data_items: ListOf[str] = Field(default_factory=list, title="個人情報の項目", description="例: 氏名、住所")
    data_description: str | None = Field(None, title="漏えいした（おそれのある）個人情報")
    flags: Flags = Field(default_factory=_unflagged, title="報告対象の判定")

    summary: str | None = Field(None, title="事案の概要")
    causes: TextList = Field(default_factory=list, title="発生原因")
    responses: TextList = Field(default_factory=list, title="対応")
    secondary_damage: SecondaryDamage | None = Field(None, title="二次被害")
    measures: TextList = Field(default_factory=list, title="再発防止策")
    timeline: ListOf[TimelineEntry] = Field(default_factory=list, title="経過")
    reports: ListOf[Report] = Field(default_factory=list, title="報告・届出")
    disciplinary_actions: ListOf[Disciplinary] = Field(default_factory=list, title="処分")
    contacts: ListOf[Contact] = Field(default_factory=list, title="問合せ先")
    publication: Publication | None = Field(None, title="公表")
    remarks: str | None = Field(None, title="備考")

    press: Press | None = Field(None, title="記者発表")
    apology: Apology | None = Field(None, title="お詫び文")
    council: Council | None = Field(None, title="議会への報告")
    web: WebNotice | None = Field(None, title="ホームページ掲載")

    withheld: Withheld | None = Field(
        None, title="記載しない項目", description="確定した事案で空けておく項目と理由。例: {measures: 非公表}"
    )
    ignore_rules: ListOf[IgnoredRule] = Field(
        default_factory=list, title="チェック除外", description="理由を添えて、この事案で警告しない規則"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.publication is not None and self.publication.mode != PublicationMode.NON_PUBLIC

    def withheld_reason(self, name: str) -> Withholding | None:
        return getattr(self.withheld, name, None)  # why `name` is left empty on purpose (非公表・該当なし・不明)

    def ignores(self, rule: str) -> bool:
        return any(item.rule == rule for item in self.ignore_rules)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        start = self.occurred.start.sort_key if self.occurred else (9999, 0, 0, 0, 0)
        return (start, self.id)

    def basis_date(self, basis: str) -> date | None:
        """The day that places this case in a period (発生日 / 判明日 / 報告日)."""
        moment: Moment | When | None = getattr(self, BASIS_FIELDS[basis])
        return moment.first_day if moment is not None else None
