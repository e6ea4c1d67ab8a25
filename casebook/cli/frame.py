"""The frame of every `--help` page in Japanese: the headings, the usage line and the words click adds.

Typer writes the descriptions we give it, but the frame around them (Usage, Options, Show this message
and exit., [default: …]) is click's English. A help formatter puts it into the words of the rest of the
tool; every command gets it through the context class the command group hands out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

HEADINGS = {"Arguments": "引数", "Options": "オプション", "Commands": "コマンド"}
USAGE = "使い方: "
_USAGE_WORDS = [("[OPTIONS]", "[オプション]"), ("COMMAND [ARGS]...", "コマンド [引数]...")]
# What click and typer add to a description, and the names of the types they put in the first column.
# The patterns are compiled (and kept by re) when a help page is written, not by every run.
_EXTRAS: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"^Show this message and exit\.$", "このメッセージを表示して終了"),
    (r"\[default: (.*?)\]", r"[既定: \1]"),
    (r"\[required\]", "[必須]"),
    (r"\[env var: (.*?)\]", r"[環境変数: \1]"),
    (r"\[(?:(\d+)<=x|x>=(\d+))\]", lambda m: f"[{m[1] or m[2]} 以上]"),
]
TYPE_NAMES = {
    "<str>": "<文字列>",
    "<path>": "<パス>",
    "<int>": "<整数>",
    "<int range>": "<整数>",
    "<integer>": "<整数>",
    "<file>": "<ファイル>",
}


def japanese_description(text: str) -> str:
    for pattern, japanese in _EXTRAS:
        text = re.sub(pattern, japanese, text)
    return text


def japanese_term(text: str) -> str:
    text = re.sub(r"<list\[(\w+)\]>", lambda m: f"<{m[1].lower()}>", text)  # a list argument: its items' type
    for english, japanese in TYPE_NAMES.items():
        text = text.replace(english, japanese)
    return text


_NO_LINE_START = frozenset("、。，．）」』】］｝〉》・：；？！ー")


def cells(text: str) -> int:
    """The columns a text takes on a terminal: two for a full-width character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _word_start(line: str) -> int:
    """Where the run of ASCII letters that ends the line begins (len(line) when it ends otherwise)."""
    start = len(line)
    while start > 0 and line[start - 1].isascii() and line[start - 1] != " ":
        start -= 1
    return start


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns; Japanese breaks between any two characters, English at a space."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            if line and cells(line + char) > width:
                word = _word_start(line)
                if char != " " and char.isascii() and word > 0:  # inside an English word: move it whole
                    lines.append(line[:word].rstrip())
                    line = line[word:]
                elif char in _NO_LINE_START and len(line) > 1:  # 、。） never begin a line: take a character (or word) along
                    keep = min(_word_start(line), len(line) - 1) or len(line) - 1
                    lines.append(line[:keep].rstrip())
                    line = line[keep:]
                else:
                    lines.append(line.rstrip())
                    line = ""
            if line or char != " ":
                line += char
        lines.append(line)
    return lines


class JapaneseHelp(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, japanese in _USAGE_WORDS:
            args = args.replace(english, japanese)
        args = re.sub(r"\{(\S+?)\}", r"\1", args)  # typer braces a required argument; a bare name says it as well
        super().write_usage(prog, japanese_term(args), USAGE if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        """A description, wrapped in terminal cells; a paragraph after \\b keeps its lines."""
        indent = " " * self.current_indent
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            kept = paragraph.startswith("\b\n")
            lines = paragraph[2:].splitlines() if kept else wrap(" ".join(paragraph.split("\n")), self.width - self.current_indent)
            self.write("".join(f"{indent}{line}\n" for line in lines))

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Options and commands in two columns, measured in terminal columns (click counts characters)."""
        pairs = [(japanese_term(term), japanese_description(text)) for term, text in rows]
        first = min(max((cells(term) for term, _ in pairs), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first - self.current_indent, 20)
        for term, text in pairs:
            lines = wrap(text, text_width) if text else []
            if not lines:
                self.write(f"{indent}{term}\n")
                continue
            if cells(term) <= first - col_spacing:
                self.write(f"{indent}{term}{' ' * (first - cells(term))}{lines[0]}\n")
            else:
                self.write(f"{indent}{term}\n{indent}{' ' * first}{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class JapaneseContext(Context):
    formatter_class = JapaneseHelp


def short_help(text: str) -> str:
    """The first sentence of a command's description, for the list of commands (click cuts at 45 characters)."""
    first = text.strip().split("\n")[0]
    return first.split("。")[0] + "。" if "。" in first else first
