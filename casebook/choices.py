"""The closed choices shared by the command line and the library.

Kept free of imports so that the command line can build its options from them
without loading the library (and pydantic) before a command runs.
"""

CHECK_FORMATS = ("text", "json", "github")
LIST_FORMATS = ("table", "json", "csv")
REPORT_FORMATS = ("md", "html", "csv", "json", "xlsx")
NOTICE_KINDS = {"press": "記者発表", "apology": "お詫び", "web": "ホームページ掲載", "council": "議会への報告"}
NOTICE_FORMATS = ("md", "txt", "html")
STATS_GROUPINGS = {"category": "事案の分類", "unit": "所属", "month": "月", "medium": "媒体"}
