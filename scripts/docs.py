"""Regenerate the documentation drawn from the code: the rules table of README.md.

Run by `make docs`; tests/test_readme.py fails when the checked-in text is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from casebook.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
RULES_BLOCK = re.compile(r"(<!-- rules:.*?-->\n)(.*?)(\n<!-- /rules -->)", re.S)


def rules_table() -> str:
    rows = ["| 規則 ID | 内容 |", "|---|---|"]
    return "\n".join(rows + [f"| {r.id} | {r.title} |" for r in RULES])


def readme(text: str) -> str:
    return RULES_BLOCK.sub(lambda m: m.group(1) + rules_table() + m.group(3), text)


def main() -> int:
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8")
    new = readme(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"{path.relative_to(ROOT)} を更新しました")
    return 0


if __name__ == "__main__":
    sys.exit(main())
