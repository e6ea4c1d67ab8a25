"""The closed choices shared by the command line and the library, as StrEnums.

Kept free of imports so that the command line can build its options from them
without loading the library (and pydantic) before a command runs.
"""

from enum import StrEnum


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Labels(StrEnum):
    """The header line of a csv: the JSON keys (for tools) or Japanese names (for people)."""

    KEYS = "keys"
    JA = "ja"


class ReportFormat(StrEnum):
    TABLE = "table"
    MD = "md"
    HTML = "html"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    DOCX = "docx"
    PDF = "pdf"


class NoticeKind(StrEnum):
    PRESS = "press"
    APOLOGY = "apology"
    WEB = "web"
    COUNCIL = "council"

    @property
    def label(self) -> str:
        return {"press": "記者発表", "apology": "お詫び", "web": "ホームページ掲載", "council": "議会への報告"}[self.value]


class NoticeFormat(StrEnum):
    MD = "md"
    TXT = "txt"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


class PpcKind(StrEnum):
    PRELIMINARY = "速報"
    FINAL = "確報"


class PpcFormat(StrEnum):
    MD = "md"
    TXT = "txt"
    HTML = "html"
    DOCX = "docx"
    JSON = "json"


class StatsBy(StrEnum):
    CATEGORY = "category"
    UNIT_KIND = "unit_kind"  # `unit` before issue 11 (the name of the field in the case file now)
    MONTH = "month"
    MEDIUM = "medium"

    @property
    def label(self) -> str:
        return {"category": "事案の分類", "unit_kind": "所属", "month": "月", "medium": "媒体"}[self.value]


REPORT_FILE_FORMATS = tuple(f.value for f in ReportFormat if f is not ReportFormat.TABLE)
BINARY_FORMATS = ("xlsx", "docx", "pdf")  # written only to a file (--out), never to a terminal


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"
