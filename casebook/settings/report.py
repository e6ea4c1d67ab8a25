"""The `report:` section of casebook.yaml: which columns the report's table has, their header text,
the heading line, the section titles, the footnotes and whether the summary tables appear.

Left out, every setting gives the prefecture's published table (seed 004). Mistakes are
found when the config is read, at casebook.yaml:line:column, like a case file's.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict

from casebook.domain.parts import Record
from casebook.domain.vocabularies import DefinedEnum
from casebook.safety.quoting import quote
from casebook.settings.placeholders import PLACEHOLDERS, check_template


class ReportField(DefinedEnum):
    """列の項目: 報告書の表の列に載せる、事案ファイルの項目。"""

    NUMBER = ("number", "NO: 表の中の通し番号（発生日順）")
    UNIT_KIND = ("unit_kind", "所属: 本庁・出先機関などの区分")
    DEPARTMENT = ("department", "担当課")
    OCCURRED = ("occurred", "発生日（R7.4.25 の形）")
    DISCOVERED = ("discovered", "判明日（R7.4.25 の形）")
    OCCURRED_DISCOVERED = ("occurred_discovered", "発生日（判明日）: 発生日と、判明日が違う日ならその下に括弧で判明日")
    REPORTED = ("reported", "報告日（R7.4.25 の形）")
    TITLE = ("title", "件名")
    CATEGORY = ("category", "事案の分類")
    MEDIUM = ("medium", "媒体")
    CERTAINTY = ("certainty", "漏えいの区分（漏えい・漏えいのおそれ）")
    PERSONS = ("persons", "人数: 本人の実人数（表計算ソフトでは数値。不明なら「不明」）")
    PERSONS_TOTAL = ("persons_total", "延べ人数（書いていなければ実人数）")
    SUMMARY = ("summary", "事案の概要")
    CAUSES = ("causes", "発生原因")
    RESPONSES = ("responses", "対応")
    SECONDARY_DAMAGE = ("secondary_damage", "二次被害の有無")
    MEASURES = ("measures", "再発防止策")
    REMARKS = ("remarks", "備考: 個別公表日（R7.5.20個別公表事案）と備考")


# The header text of each column unless the config names it otherwise: the words of the published tables.
DEFAULT_TITLES = {
    ReportField.NUMBER: "NO",
    ReportField.UNIT_KIND: "所属",
    ReportField.DEPARTMENT: "担当課",
    ReportField.OCCURRED: "発生日",
    ReportField.DISCOVERED: "判明日",
    ReportField.OCCURRED_DISCOVERED: "発生日（判明日）",
    ReportField.REPORTED: "報告日",
    ReportField.TITLE: "件名",
    ReportField.CATEGORY: "分類",
    ReportField.MEDIUM: "媒体",
    ReportField.CERTAINTY: "区分",
    ReportField.PERSONS: "人数",
    ReportField.PERSONS_TOTAL: "延べ人数",
    ReportField.SUMMARY: "事案の概要",
    ReportField.CAUSES: "発生原因",
    ReportField.RESPONSES: "対応",
    ReportField.SECONDARY_DAMAGE: "二次被害の有無",
    ReportField.MEASURES: "再発防止策",
    ReportField.REMARKS: "備考",
}
SEED_COLUMNS = (  # the prefecture's table (seed 004)
    ReportField.NUMBER,
    ReportField.UNIT_KIND,
    ReportField.OCCURRED,
    ReportField.SUMMARY,
    ReportField.CAUSES,
    ReportField.RESPONSES,
    ReportField.SECONDARY_DAMAGE,
    ReportField.MEASURES,
    ReportField.REMARKS,
)

Template = Annotated[str, AfterValidator(check_template)]

_FONT_NAME = re.compile(r"[^\W_]+(?:[ \u3000\-][^\W_]+)*")  # letters and digits, words apart by one space or hyphen


def _font_name(value: str) -> str:
    """A family name as a document can name it: no quote, semicolon or brace that would end it in CSS or XML."""
    if not _FONT_NAME.fullmatch(value) or len(value) > 64:
        raise ValueError(f"{quote(value)}はフォント名として使えません（文字・数字と、語の間の空白1つかハイフンだけ。64文字まで）")
    return value


FontName = Annotated[str, AfterValidator(_font_name)]


def _column_shorthand(value: Any) -> Any:
    """`- summary` is short for `- {field: summary}`."""
    return {"field": value} if isinstance(value, str) else value


class Column(Record):
    field: Annotated[ReportField, Strict(False)] = Field(title="項目", description="事案ファイルのどの項目をこの列に載せるか")
    title: str | None = Field(None, title="見出し", description="列の見出しの文字（省略すると項目ごとの既定: NO、所属、発生日…）")
    width: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, title="幅", description="文章の列どうしの幅の比（省略すると項目ごとの既定）。短い列（NO・日付など）は中身に合わせます"
    )

    @property
    def header(self) -> str:
        return self.title or DEFAULT_TITLES[self.field]


ColumnItem = Annotated[Column, BeforeValidator(_column_shorthand)]


def _distinct_headers(columns: list[Column]) -> list[Column]:
    headers = [column.header for column in columns]
    repeated = sorted({h for h in headers if headers.count(h) > 1}, key=headers.index)
    if repeated:
        raise ValueError(f"列の見出し{'、'.join(quote(h) for h in repeated)}が2回以上あります（列ごとに違う見出しにしてください）")
    return columns


class Sections(Record):
    """The titles of the report's sections. Left out, a title is its number among the sections printed and what it holds."""

    count: Template | None = Field(
        None, title="件数の見出し", description="「1 事案件数 11件（うち、非公表基準該当1件）」の前半（省略すると「1 事案件数」）"
    )
    cases: Template | None = Field(
        None,
        title="表の見出し",
        description="省略すると「2 」と表の列から: 事案の概要と再発防止策の列があれば「事案の概要及び再発防止策」、"
        "概要だけなら「事案の概要」、どちらもなければ「事案の一覧」",
    )
    summary: Template | None = Field(None, title="内訳の見出し", description="省略すると「3 事案の内訳（参考）」")


class ReportSettings(Record):
    heading: Template | None = Field(
        None,
        title="見出し",
        description="報告書の1行目。省略すると「○{団体名}の保有個人情報の漏えい事案概要【{期間}分】」。"
        "差し込み: "
        + "、".join(f"{{{p.name}}} = {p.meaning}" for p in PLACEHOLDERS)
        + "。1つの行に同じことを2回書く組み合わせ（{年度}{期間}など）は使えません",
    )
    columns: Annotated[list[ColumnItem], AfterValidator(_distinct_headers)] = Field(
        default_factory=lambda: [Column(field=field) for field in SEED_COLUMNS],
        title="表の列",
        description="左から順に。項目名だけ（- summary）か、{field: summary, title: 事案の概要, width: 18}",
        min_length=1,
    )
    sections: Sections = Field(default_factory=Sections, title="節の見出し", description="見出しと同じ差し込みが使えます")
    footnotes: list[Template] | None = Field(
        None,
        title="注記",
        description="表の後に置く行（差し込みは見出しと同じ）。省略すると、非公表基準を載せるときだけ県の1行"
        "「※なお「1 事案件数」のうち、次の非公表基準に該当するものは、「2 …」に掲載しておりません。」（節の見出しは載せたとおり）",
    )
    criteria: bool = Field(True, title="非公表基準を載せる", description="注記の後に「＜非公表基準＞」と non_public_criteria を載せる")
    summary_tables: bool = Field(
        False,
        title="内訳の表を載せる",
        description="「3 事案の内訳（参考）」の2つの表（分類×所属、前の期間との比較）。県の公表する表にはないので既定は載せない。"
        "載せると、調査中の事案はどの列にも数えず、記録のない期間は「記録なし」、報告対象の判定が未記入の事案があれば委員会への報告対象は「不明」",
    )
    font: FontName = Field(
        "游ゴシック",
        title="フォント",
        description="表と見出しの書体（html・xlsx・docx で同じ）。例: 游明朝、ＭＳ ゴシック、BIZ UDPゴシック。ない環境では同じ系統の書体で印刷されます",
    )
