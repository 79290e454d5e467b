"""Text files users save on Windows: UTF-8 with or without a BOM, CP932 (「ANSI」), UTF-16 with a BOM."""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

from ..errors import InputError


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text a user saved (CSV, YAML) and name the encoding: UTF-8 (BOM or not) or CP932,
    else a clearly detected one (UTF-16 with a BOM: Excel's 「Unicode テキスト」, Notepad's 「UTF-16 LE」)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # UTF-8 meant, then lines of another file pasted or appended (CP932, say)
            line = data.count(b"\n", 0, 3 + exc.start) + 1
            raise _undetected(path, f"先頭に UTF-8 の BOM がありますが、{line:,} 行目が UTF-8 ではありません") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeDecodeError):  # before CP932, which reads such bytes as nonsense
            return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8", "cp932"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # rarely needed, and 50 ms of every start when imported at the top

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "cp932", "shift_jis"):
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise _undetected(path)


def _undetected(path: Path, why: str = "") -> InputError:
    return InputError(f"{path}: 文字コードを判定できません{f'（{why}）' if why else ''}。"
                      "UTF-8（BOM 付き可）または Shift_JIS（CP932）で保存してください")
