"""casebook.yaml: the settings of one casebook, found by searching upward like git does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from casebook.domain.jpdate import Moment
from casebook.domain.parts import DateStyleField, ListOf, MomentField, PeriodBasisField, Record
from casebook.domain.vocabularies import DateStyle, PeriodBasis, Withholding
from casebook.safety.quoting import quote
from casebook.settings.report import ReportSettings

DEFAULT_NON_PUBLIC_CRITERIA = (
    "公表することで個人の生命、身体、財産の安全を侵害するおそれがあると認められる場合",
    "公表することで捜査及び裁判に支障を及ぼすおそれがあると認められる場合",
    "被害者が公表を望まない意思を明確に示した場合",
    "上記(1)から(3)に掲げる事案のほか、非公表とすることに相当の理由があると認められる場合",
)


def _inside_root(value: str) -> str:
    path = PurePath(value)
    if path.is_absolute() or PureWindowsPath(value).is_absolute() or ".." in path.parts or not value.strip():
        raise ValueError(f"{quote(value)}: casebook.yaml のあるフォルダの中のフォルダを、相対パスで書いてください（例: cases）")
    if not path.parts or path.parts[0].startswith("."):  # "." would read casebook.yaml itself, and the cache, as cases
        raise ValueError(
            f"{quote(value)}: casebook.yaml のあるフォルダそのものや「.」で始まるフォルダは使えません。事案ファイル用のフォルダを書いてください（例: cases）"
        )
    return value


class WithheldText(Record):
    """What a table cell says for a fact a case withholds (`withheld:` in the case file); "" leaves the cell blank."""

    not_published: str = Field("非公表", title="非公表", description="公表しない事実のセル（例: 非公表、―、空）")
    not_applicable: str = Field("―", title="該当なし", description="当てはまらない事実のセル")
    unknown: str = Field("不明", title="不明", description="分からない事実のセル")

    def text(self, reason: Withholding) -> str:
        return {
            Withholding.NOT_PUBLISHED: self.not_published,
            Withholding.NOT_APPLICABLE: self.not_applicable,
            Withholding.UNKNOWN: self.unknown,
        }[reason]


class Config(Record):
    organisation: str = Field("", title="団体名", description="報告書の見出し「○<団体名>の保有個人情報の漏えい事案概要」に使う名前")
    fiscal_year_start_month: int = Field(4, ge=1, le=12, title="年度の開始月")
    period_basis: PeriodBasisField = Field(PeriodBasis.OCCURRED, title="集計基準日")
    non_public_criteria: list[str] = Field(
        default_factory=lambda: list(DEFAULT_NON_PUBLIC_CRITERIA), title="非公表基準", description="(1)から順に"
    )
    ppc_reporting_since: MomentField = Field(
        Moment(2023, 4, 1, None),
        title="個人情報保護委員会への報告義務の適用日",
        description="この日以後に判明した事案で報告義務を判定する（地方公共団体は令和5年4月1日）",
    )
    cases_dir: Annotated[str, AfterValidator(_inside_root)] = Field(
        "cases", title="事案ファイルのフォルダ", description="casebook.yaml のあるフォルダからの相対パス（その外は指せません）"
    )
    withheld_text: WithheldText = Field(
        default_factory=WithheldText, title="記載しない項目の表示", description="一覧表のセルに出す文字（事案ファイルの withheld）"
    )
    date_style: DateStyleField = Field(
        DateStyle.AS_WRITTEN,
        title="日付の書き方",
        description="casebook fmt がそろえる日付の形: 記載どおり | 略記（R7.4.25） | 和暦（令和7年4月25日）",
    )
    draft_days: int = Field(
        30,
        ge=1,
        le=3650,
        title="調査中の目安の日数",
        description="casebook due が、判明日（なければ発生日）からこの日数を過ぎた調査中の事案を期限切れとして挙げる",
    )
    privacy_allow: ListOf[str] = Field(
        default_factory=list,
        title="個人情報チェックの許可リスト",
        description="privacy-* の規則で警告しない文字列（公的機関の代表電話など）。完全一致",
    )
    report: ReportSettings = Field(
        default_factory=ReportSettings, title="報告書の形", description="表の列・見出し・注記・内訳の表（省略すると県の公表資料の形）"
    )


@dataclass(frozen=True)
class Casebook:
    root: Path
    config: Config
    config_path: Path | None
    # What the rules learn once in a run over this casebook and share between its files (an answer that depends
    # on a folder, not on the file); a run starts it empty, so nothing learnt outlives the run.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # The content digest of the casebook.yaml bytes `config` was read from (b"" without one): what the memo of the
    # last check (casebook.checking.memo) is keyed by, so that it can answer before the config is read again.
    config_digest: bytes = field(default=b"", compare=False, repr=False)

    @property
    def cases_dir(self) -> Path:
        return self.root / self.config.cases_dir
