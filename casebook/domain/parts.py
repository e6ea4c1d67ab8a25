"""The parts of a case file: the field types every part shares (dates, counts, vocabularies, text lists) and
the records a case holds (persons, flags, reports, contacts, publication, the notices' own sections).
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    Tag,
    WithJsonSchema,
)

from casebook.domain.jpdate import Moment, When, parse_moment, parse_when
from casebook.domain.vocabularies import (
    Category,
    Certainty,
    DateStyle,
    DefinedEnum,
    Medium,
    PeriodBasis,
    Presence,
    PublicationMode,
    ReportKind,
    Status,
    UnitKind,
    Withholding,
)
from casebook.domain.yearless import YearMissing
from casebook.errors import DateError
from casebook.safety.quoting import quote, value_kind

T = TypeVar("T")
MAX_PERSONS = 999_999_999  # beyond any real incident; counts stay exact in Excel and in sums


_DATE_HELP = "R7.4.25、令和7年4月25日、2025-04-25 のいずれか。月までの「平成28年11月」、時刻つきの「令和5年11月9日午後6時頃」も可"


def _text_of(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what}は文字列で書いてください（{value_kind(value)}が書かれています。{_DATE_HELP}）")
    return value


def _moment(value: Any) -> Moment:
    if isinstance(value, Moment):
        return value
    try:
        return parse_moment(_text_of(value, "日付"))
    except YearMissing:
        raise  # the reader offers the year of the file's name
    except DateError as error:
        raise ValueError(str(error)) from None


def _when(value: Any) -> When:
    if isinstance(value, When):
        return value
    try:
        return parse_when(_text_of(value, "日付"))
    except YearMissing:
        raise  # the reader offers the year of the file's name
    except DateError as error:
        raise ValueError(str(error)) from None


def _original_text(value: Any) -> str:
    return value.text if isinstance(value, When) else value.long()


MomentField = Annotated[
    Moment,
    PlainValidator(_moment),
    PlainSerializer(lambda m: m.long(), return_type=str),
    WithJsonSchema({"type": "string", "description": "日付。" + _DATE_HELP}),
]
WhenField = Annotated[
    When,
    PlainValidator(_when),
    PlainSerializer(_original_text, return_type=str),
    WithJsonSchema({"type": "string", "description": "日付または期間。" + _DATE_HELP + "。範囲は「〜から同月10日午後2時頃までの間」"}),
]


def _person_count(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("人数は 0 以上の整数か「不明」で書いてください")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("人数は 0 以上で書いてください")
        if value > MAX_PERSONS:
            raise ValueError(f"人数が大きすぎます（{MAX_PERSONS:,}まで）")
        return value
    if unicodedata.normalize("NFKC", value).strip() == "不明":
        return "不明"
    digits = re.fullmatch(r"[0-9][0-9,_]{0,14}\s*(?:名|人|件)?(?:分)?", unicodedata.normalize("NFKC", value).strip())
    hint = f"（{quote(digits.group(0))}なら {int(re.sub(r'[^0-9]', '', digits.group(0)))} と数字だけ）" if digits else ""
    raise ValueError(f"人数は 0 以上の整数か「不明」で書いてください{hint}")


PersonCount = Annotated[
    int | Literal["不明"],
    PlainValidator(_person_count),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_PERSONS}, {"const": "不明"}]}),
]


def _spelled(cls: type[DefinedEnum]) -> BeforeValidator:
    """Accept half-width and padded spellings of an enum value (NFKC, stripped); anything else is left to the enum."""

    members = cls._value2member_map_

    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            member = members.get(value)  # as most files spell it: no normalising
            return member if member is not None else members.get(unicodedata.normalize("NFKC", value).strip(), value)
        return value

    return BeforeValidator(normalise)


StatusField = Annotated[Status, Strict(False), _spelled(Status)]
UnitKindField = Annotated[UnitKind, Strict(False), _spelled(UnitKind)]
CategoryField = Annotated[Category, Strict(False), _spelled(Category)]
MediumField = Annotated[Medium, Strict(False), _spelled(Medium)]
CertaintyField = Annotated[Certainty, Strict(False), _spelled(Certainty)]
PresenceField = Annotated[Presence, Strict(False), _spelled(Presence)]
PublicationModeField = Annotated[PublicationMode, Strict(False), _spelled(PublicationMode)]
ReportKindField = Annotated[ReportKind, Strict(False), _spelled(ReportKind)]
PeriodBasisField = Annotated[PeriodBasis, Strict(False), _spelled(PeriodBasis)]
WithholdingField = Annotated[Withholding, Strict(False), _spelled(Withholding)]
DateStyleField = Annotated[DateStyle, Strict(False), _spelled(DateStyle)]


@cache
def list_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a model that hold a list (and take null for an empty one)."""
    return frozenset(name for name, info in model.model_fields.items() if info.default_factory is list)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def walk_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """A model and every model its fields hold, at any depth, each once."""
    found: dict[type[BaseModel], None] = {model: None}
    pending = [model]
    while pending:
        for info in pending.pop().model_fields.values():
            for inner in _models_in(info.annotation):
                if inner not in found:
                    found[inner] = None
                    pending.append(inner)
    return list(found)


class Record(BaseModel):
    # defer_build: a schema is built when first used, so a run the cache serves whole never builds the case model
    model_config = ConfigDict(strict=True, extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)


def _empty_list(value: Any) -> Any:
    """`causes:` left empty (null) means an empty list, as a person editing YAML expects."""
    return [] if value is None else value


# A list field (default_factory=list: see list_fields). The field says it, not the model: a validator of every model
# would be called for each record of every case, where this is called only for the list fields a file writes.
ListOf = Annotated[list[T], BeforeValidator(_empty_list)]


class NestedText(Record):
    """An item with sub-items, as in 「（1）公社は…徹底する。」 followed by 「・…」 lines."""

    text: str = Field(title="本文")
    items: ListOf[str] = Field(default_factory=list, title="細目")


def _text_kind(value: Any) -> str:
    return "nested" if isinstance(value, (dict, NestedText)) else "plain"


TextItem = Annotated[
    Annotated[str, Tag("plain")] | Annotated[NestedText, Tag("nested")],
    Discriminator(_text_kind),
]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else _empty_list(value)


# One item may be written as a string; an empty field as null (as ListOf).
TextList = Annotated[list[TextItem], BeforeValidator(_as_list, json_schema_input_type=str | list[TextItem] | None)]

BULLET = "・"
MAX_CELL_TEXT = 32_767  # characters in one spreadsheet cell (Excel, and openpyxl cuts longer text silently)


def joined_text(items: list[str | NestedText]) -> str:
    """A list field as the text of one table cell: one item as written, several as 「・」 lines."""
    lines: list[str] = []
    bullet = BULLET if len(items) > 1 else ""
    for item in items:
        if isinstance(item, NestedText):
            lines.append(bullet + item.text)
            lines.extend(f"　{BULLET}{sub}" for sub in item.items)
        else:
            lines.append(bullet + item)
    return "\n".join(lines)


class Contractor(Record):
    name: str | None = Field(None, title="委託先名", description="委託先・指定管理者などの名称。公表資料にないときは省略")
    role: str = Field(title="受託業務", description="例: 県営住宅の管理代行業務")


class Persons(Record):
    actual: PersonCount = Field(title="実人数", description="重複を除いた本人の数。わからなければ「不明」")
    total: PersonCount | None = Field(None, title="延べ人数", description="重複を含む件数。実人数と同じなら省略")
    who: str | None = Field(None, title="対象者", description="例: 入居申込者、支援措置対象者")
    note: str | None = Field(None, title="人数の補足")


class Flags(Record):
    special_care: bool = Field(False, title="要配慮個人情報", description="人種・信条・病歴・犯罪歴などを含む")
    my_number: bool = Field(False, title="特定個人情報", description="マイナンバーを含む")
    ordinance_special_care: bool = Field(False, title="条例要配慮個人情報", description="条例で定める要配慮個人情報を含む")
    property_damage: bool = Field(False, title="財産的被害のおそれ", description="不正に利用されると財産的被害が生じるおそれがある")
    wrongful_purpose: bool = Field(False, title="不正の目的", description="不正の目的をもって行われた（おそれを含む）")


class SecondaryDamage(Record):
    status: PresenceField = Field(title="有無")
    detail: str | None = Field(None, title="内容", description="有のときは必須")


class TimelineEntry(Record):
    date: MomentField = Field(title="日付", description="時刻も書けます（例: 令和2年10月31日午前10時40分）")
    event: str = Field(title="経過")


class Report(Record):
    kind: ReportKindField = Field(title="種類")
    to: str | None = Field(None, title="報告先", description="例: 米子警察署。速報・確報は省略すると個人情報保護委員会")
    date: MomentField | None = Field(None, title="日付")
    by: str | None = Field(None, title="報告者", description="本人以外（委託先など）が報告したとき")
    note: str | None = Field(None, title="補足")

    @property
    def recipient(self) -> str:
        return self.to or ("個人情報保護委員会" if self.kind.is_ppc else "")


class Disciplinary(Record):
    unit: str = Field(title="所属")
    position: str = Field(title="職")
    action: str = Field(title="処分", description="例: 訓告、文書注意、口頭注意")


class Contact(Record):
    unit: str = Field(title="担当")
    position: str | None = Field(None, title="職")
    name: str | None = Field(None, title="氏名")
    phone: str | None = Field(None, title="電話")
    email: str | None = Field(None, title="メール")
    hours: str | None = Field(None, title="問合せ時間")


class Publication(Record):
    mode: PublicationModeField = Field(title="公表区分")
    date: MomentField | None = Field(None, title="個別公表日")
    criterion: Annotated[int, Field(ge=1, le=4)] | None = Field(
        None, title="非公表基準", description="非公表のとき、該当する非公表基準の番号 (1)〜(4)"
    )
    reason: str | None = Field(None, title="非公表の理由")


class Signer(Record):
    organisation: str = Field(title="団体名")
    position: str | None = Field(None, title="職")
    name: str | None = Field(None, title="氏名")


class Press(Record):
    date: MomentField | None = Field(None, title="発表日")
    lead: TextList = Field(default_factory=list, title="前文")
    closing: TextList = Field(default_factory=list, title="結び")
    contacts: ListOf[Contact] = Field(default_factory=list, title="担当・連絡先")


class Apology(Record):
    date: MomentField | None = Field(None, title="日付", description="お詫び文の日付（右上に入ります）")
    addressee: str = Field(title="宛先")
    subject: str = Field(title="件名")
    body: TextList = Field(title="本文")
    signer: Signer = Field(title="差出人")


class Council(Record):
    date: MomentField | None = Field(None, title="報告日")
    meeting: str | None = Field(None, title="会議")
    reporter: str | None = Field(None, title="報告者")
    lead: TextList = Field(default_factory=list, title="前文")


class WebNotice(Record):
    title: str | None = Field(None, title="掲載題名")
    date: MomentField | None = Field(None, title="掲載日")
    lead: TextList = Field(default_factory=list, title="前文")
    materials: ListOf[str] = Field(
        default_factory=list,
        title="資料等",
        description="ページに添える資料の名前（例: 市民の個人情報の紛失について（詳細資料）（PDF:362.2KB））",
    )


class IgnoredRule(Record):
    rule: str = Field(title="規則")
    reason: str = Field(title="理由")
