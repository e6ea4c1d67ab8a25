"""Facts a finished case leaves empty on purpose, each with the reason (非公表・該当なし・不明)."""

from __future__ import annotations

from pydantic import (
    Field,
)

from casebook.domain.parts import Record, WithholdingField


class Withheld(Record):
    """Facts a finished case leaves empty on purpose, with the reason.

    What a table row or a period needs cannot be withheld: 件名, 発生日, 事案の概要 and 公表区分 (the row and the count).
    `publication` withholds the day of 個別公表 only; `discovered` (判明日) cannot be withheld when it is the period_basis.
    """

    unit_kind: WithholdingField | None = Field(None, title="所属")
    discovered: WithholdingField | None = Field(None, title="判明日")
    category: WithholdingField | None = Field(None, title="事案の分類")
    medium: WithholdingField | None = Field(None, title="媒体")
    certainty: WithholdingField | None = Field(None, title="漏えいの区分")
    persons: WithholdingField | None = Field(None, title="本人の数")
    data_items: WithholdingField | None = Field(None, title="個人情報の項目")
    causes: WithholdingField | None = Field(None, title="発生原因")
    responses: WithholdingField | None = Field(None, title="対応")
    secondary_damage: WithholdingField | None = Field(None, title="二次被害")
    measures: WithholdingField | None = Field(None, title="再発防止策")
    publication: WithholdingField | None = Field(
        None, title="個別公表日", description="公表区分は省略できません（一覧表の行と件数を決めます）。個別公表の日だけを記載しない理由"
    )
