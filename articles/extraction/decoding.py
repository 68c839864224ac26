"""Bytes -> text for uploaded files: UTF-8, UTF-16 with a BOM, or Windows-1252 when plausible.

The rule is "never silently produce mojibake": when the bytes are not clearly one of these
encodings we raise DecodeError with a message an admin can act on, instead of guessing.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["DecodeError", "decode"]


class DecodeError(ValueError):
    """The bytes are not text we can read without guessing."""


# C0 controls other than tab, LF, VT, FF, CR. NUL gets its own, clearer message (binary / UTF-16).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A run of three or more non-ASCII letters: normal in Cyrillic/Greek/CJK text mis-decoded as
# cp1252 ("Ïðèâåò"), rare in real Latin-1 European text, where accents sit between ASCII letters.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_ASCII_NEWLINES = re.compile(r"\r\n?")
UNICODE_NEWLINES = re.compile(r"[\u2028\u2029\x85]")


def decode(data: bytes, *, unicode_newlines: bool = True) -> str:
    """Decode an uploaded file to NFC text with "\\n" line ends, or raise DecodeError.

    ``unicode_newlines=False`` leaves U+2028, U+2029 and U+0085 alone: inside JSON strings they
    are ordinary characters, and turning them into line ends would cut JSON Lines records apart."""
    if not data or not data.strip():
        raise DecodeError("empty file")
    text = _decode_bytes(data)
    # U+FEFF inside the text (files concatenated with their BOMs) is invisible noise.
    text = text.replace("\ufeff", "")
    text = (_NEWLINES if unicode_newlines else _ASCII_NEWLINES).sub("\n", text)
    controls = _CONTROL.findall(text)
    if controls:
        # A stray form feed or DOS EOF (^Z) in a pasted article is harmless; many controls
        # mean the file is not text at all.
        if len(controls) > max(2, len(text) // 200):
            raise DecodeError("the file contains control characters: it looks binary, not text")
        text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise DecodeError("empty file (only whitespace)")
    return text


def _decode_bytes(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the file starts with a UTF-8 byte order mark but byte {exc.start + 3} is not UTF-8"
            ) from None
    # UTF-32 LE's BOM begins with UTF-16 LE's, so test the longer one first.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _decode_bom(data, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_bom(data, "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if _many_nuls(text):
            raise DecodeError(_nul_message(data))
        return text
    return _decode_cp1252(data, utf8_error)


def _decode_bom(data: bytes, encoding: str) -> str:
    try:
        # The "utf-16"/"utf-32" codecs read the BOM to pick the byte order and drop it.
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"the file has a {encoding.upper()} byte order mark but is not valid {encoding.upper()} (byte {exc.start})"
        ) from None
    if _many_nuls(text):
        raise DecodeError(f"the {encoding.upper()} text contains NUL characters: it looks binary")
    return text


def _decode_cp1252(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    where = f"byte {utf8_error.start} is not valid UTF-8"
    if _many_nuls(data):
        raise DecodeError(_nul_message(data))
    try:
        # Python's cp1252 refuses the five bytes the code page leaves undefined (0x81, 0x8D,
        # 0x8F, 0x90, 0x9D): exactly the bytes Latin-1 would turn into C1 control characters.
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"unknown text encoding: {where}, and byte {exc.start} (0x{data[exc.start]:02X}) is not "
            "Windows-1252 either; save the file as UTF-8 and upload it again"
        ) from None
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    in_runs = sum(len(m) for m in _NON_ASCII_RUN.findall(text))
    if non_ascii >= 8 and in_runs * 2 > non_ascii:
        raise DecodeError(
            f"unknown text encoding: {where}, and read as Windows-1252 it gives long runs of "
            "accented letters (probably Cyrillic, Greek or an Asian legacy encoding); save the "
            "file as UTF-8 and upload it again"
        )
    return text


def _many_nuls(data: bytes | str) -> bool:
    # One stray NUL in a text (a copy from a C program, a database dump) is noise the normaliser
    # removes; many mean a binary file or UTF-16 without a byte order mark.
    nul = b"\x00" if isinstance(data, bytes) else "\x00"
    count = data.count(nul)
    return count > max(2, len(data) // 200)


def _nul_message(data: bytes) -> str:
    # ASCII text saved as UTF-16 without a BOM has a NUL in every other byte.
    sample = data[:2000]
    if sample.count(0) * 3 >= len(sample):
        return (
            "the file contains NUL bytes: it may be UTF-16 without a byte order mark; "
            "save it as UTF-8 and upload it again"
        )
    return "the file contains NUL bytes: it looks binary, not text"
