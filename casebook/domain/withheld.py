"""Facts a finished case leaves empty on purpose, each with the reason (非公表・該当なし・不明)."""

from __future__ import annotations

from pydantic import (
    Field,
)

from casebook.domain.parts import Record, WithholdingField


class Withheld(Record):
    """Facts a finished case leaves empty on purpose, with the reason (事案の概要 cannot be: a table row needs it)."""

    unit_kind: WithholdingField | None = Field(None, title="所属")
    category: WithholdingField | None = Field(None, title="事案の分類")
    medium: WithholdingField | None = Field(None, title="媒体")
    certainty: WithholdingField | None = Field(None, title="漏えいの区分")
    persons: WithholdingField | None = Field(None, title="本人の数")
    causes: WithholdingField | None = Field(None, title="発生原因")
    responses: WithholdingField | None = Field(None, title="対応")
    secondary_damage: WithholdingField | None = Field(None, title="二次被害")
    measures: WithholdingField | None = Field(None, title="再発防止策")
