"""Bytes of a case file to text: UTF-8 (with or without BOM), and a way out for what is not."""

from __future__ import annotations

import codecs

from casebook.reading.yaml12 import YamlError


def _looks_utf16(raw: bytes) -> bool:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = raw[:200]
    head = head[: len(head) // 2 * 2]
    if len(head) < 4:
        return False
    zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
    if max(zeros_even, zeros_odd) < len(head) // 4:  # ASCII text in UTF-16 has a zero in every other byte
        return False
    try:
        raw.decode("utf-16-le" if zeros_odd > zeros_even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return True


def utf8_body(raw: bytes) -> bytes:
    """The bytes `decode` reads as text: a file's bytes without the UTF-8 BOM."""
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


def decode(raw: bytes) -> str:
    """UTF-8 text (BOM allowed); other encodings get a message saying how to convert."""
    if _looks_utf16(raw):
        raise YamlError("UTF-16 で保存されています。UTF-8 で保存し直してください（メモ帳なら「名前を付けて保存」で文字コード UTF-8）")
    raw = utf8_body(raw)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise YamlError("テキストファイルではありません（NUL などのバイナリデータを含みます）", line, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        try:
            raw.decode("cp932")
        except UnicodeDecodeError:
            raise YamlError("UTF-8 として読めない文字があります", line, 1) from None
        raise YamlError(
            "Shift_JIS（CP932）で保存されています。UTF-8 で保存し直してください（例: iconv -f CP932 -t UTF-8）", line, 1
        ) from None
