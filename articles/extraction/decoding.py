"""Bytes -> text for uploaded files, in this order: a byte order mark (UTF-8/16/32); UTF-16/32
without one, recognised by the NUL pattern of "<?xml" (XML 1.0 appendix F); the charset the
caller found declared (HTTP header, XML declaration, ``<meta charset>``); UTF-8; UTF-8 with a few
stray bytes, repaired where they stand (a Latin-1 "ü" pasted into a UTF-8 page, a character cut
off at the end); Windows-1252 when plausible; then detection (charset-normalizer) among the
encodings news sites use, accepted only when the result is one plausible script.

"Never silently produce mojibake": whatever was repaired or guessed is returned as a note (it goes
on the record's report line); bytes that no rule reads give a DecodeError an admin can act on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DecodeError", "Decoded", "decode", "decode_bytes"]


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


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name
    note: str = ""  # what was repaired or guessed, for the report line ("" when nothing was)


def decode(data: bytes, *, unicode_newlines: bool = True, declared: str = "") -> str:
    """Decode an uploaded file to NFC text with "\\n" line ends, or raise DecodeError.

    ``unicode_newlines=False`` leaves U+2028, U+2029 and U+0085 alone: inside JSON strings they
    are ordinary characters, and turning them into line ends would cut JSON Lines records apart."""
    return decode_bytes(data, unicode_newlines=unicode_newlines, declared=declared).text


def decode_bytes(data: bytes, *, unicode_newlines: bool = True, declared: str = "") -> Decoded:
    """``decode``, also saying which encoding was used and what was repaired or guessed."""
    if not data or not data.strip():
        raise DecodeError("empty file")
    raw = _decode_bytes(data, declared)
    text = raw.text
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
    return Decoded(text, raw.encoding, raw.note)


def _decode_bytes(data: bytes, declared: str = "") -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            repaired = _repair_utf8(data[len(codecs.BOM_UTF8) :])
            if repaired is not None:
                return Decoded(repaired[0], "utf-8", repaired[1])
            raise DecodeError(
                f"the file starts with a UTF-8 byte order mark but byte {exc.start + 3} is not UTF-8"
            ) from None
    # UTF-32 LE's BOM begins with UTF-16 LE's, so test the longer one first.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Decoded(_decode_bom(data, "utf-32"), "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_decode_bom(data, "utf-16"), "utf-16")
    for prefix, encoding in _XML_WIDE:
        if data.startswith(prefix):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                break
    name = _codec(declared)
    if name and name not in ("utf-8", "utf-16", "utf-32"):
        if not data.isascii():
            try:
                # Legacy text is almost never valid UTF-8 by chance: a page re-encoded to UTF-8
                # by its server keeps its old declaration, and UTF-8 is then the truth.
                return Decoded(data.decode("utf-8"), "utf-8", f"declared as {declared}, but the bytes are UTF-8")
            except UnicodeDecodeError:
                pass
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError:
            pass  # a wrong declaration (common): the rules below decide, and the note says so
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if _many_nuls(text):
            raise DecodeError(_nul_message(data))
        return Decoded(text, "utf-8")
    wrong = f"declared as {declared}, but not valid {declared}; " if name else ""
    repaired = _repair_utf8(data)
    if repaired is not None:
        return Decoded(repaired[0], "utf-8", wrong + repaired[1])
    try:
        return Decoded(_decode_cp1252(data, utf8_error), "cp1252", wrong.rstrip("; "))
    except DecodeError as exc:
        guessed = _detect(data)
        if guessed is None:
            raise exc from None
        return Decoded(guessed[1], guessed[0], f"{wrong}no usable encoding declared: read as {guessed[0]} (guessed)")


# UTF-16/32 without a BOM: the NUL pattern of "<" (and "<?") at the start (XML 1.0, appendix F).
_XML_WIDE = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
# What detection may choose from: the legacy encodings of news sites (not EBCDIC, not the rare
# code pages that read anything as something). Order does not matter: the best match wins.
_CANDIDATES = [
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_15",
    "koi8_r", "koi8_u", "big5", "gb18030", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949",
    "tis_620", "cp874", "iso2022_jp", "iso2022_kr",
]  # fmt: skip
_MIN_EVIDENCE = 6  # non-ASCII bytes detection needs before it may guess
_INVALID = re.compile("[\udc80-\udcff]+")


def _codec(label: str) -> str:
    label = label.strip().strip("\"'")
    if not label:
        return ""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    # As browsers do (WHATWG encoding standard): these labels mean windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _repair_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bytes that are not: each such run read as Windows-1252 (a pasted
    Latin-1 word) or dropped when it is a character cut off at the very end. None when the
    bytes are not mostly UTF-8 (then the whole file is some other encoding)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = _INVALID.findall(text)
    bad_bytes = sum(len(b) for b in bad)
    good = sum(1 for ch in text if 0x7F < ord(ch) and not 0xDC80 <= ord(ch) <= 0xDCFF)
    if not bad or good < 2 * bad_bytes:
        return None
    cut = text.endswith(bad[-1]) and bad[-1].encode("utf-8", "surrogateescape")[0] >= 0xC2
    if cut:
        text = text[: -len(bad[-1])]

    def latin(m: re.Match[str]) -> str:
        raw = m.group().encode("utf-8", "surrogateescape")
        return raw.decode("cp1252", errors="replace")

    text = _INVALID.sub(latin, text)
    parts = []
    if bad_bytes - (len(bad[-1]) if cut else 0):
        parts.append(f"{bad_bytes:,} byte(s) that are not UTF-8 read as Windows-1252")
    if cut:
        parts.append("a character cut off at the end dropped")
    return text, "UTF-8 repaired: " + ", ".join(parts)


def _detect(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) by charset-normalizer among _CANDIDATES, when the text it gives is
    one plausible script; None otherwise."""
    import charset_normalizer  # imported here: only undeclared legacy files need it

    if sum(1 for b in data[:200_000] if b > 0x7F) < _MIN_EVIDENCE:
        return None  # one or two odd bytes say nothing about an encoding
    best = None
    for match in charset_normalizer.from_bytes(data[:200_000], cp_isolation=_CANDIDATES):
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _plausible(text):
            continue
        key = (round(match.chaos, 2), -match.coherence)
        if best is None or key < best[0]:
            best = (key, match.encoding, text)
    return (best[1], best[2]) if best else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0]
    if word in ("HIRAGANA", "KATAKANA", "CJK", "IDEOGRAPHIC", "FULLWIDTH", "HANGUL") or name.startswith("KATAKANA"):
        return "CJK"  # Japanese and Korean text mixes these
    return word


def _plausible(text: str) -> bool:
    # Mojibake mixes scripts ("崹ﾉﾗﾅﾔ"), is full of combining marks or half-width katakana.
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    marks = sum(1 for ch in text if ord(ch) > 0x7F and unicodedata.category(ch).startswith("M"))
    if not letters or marks * 3 > len(letters) + marks:
        return not marks
    if any("HALFWIDTH" in unicodedata.name(ch, "") for ch in letters):
        return False
    counts: dict[str, int] = {}
    for ch in letters:
        counts[_script(ch)] = counts.get(_script(ch), 0) + 1
    return max(counts.values()) >= 0.9 * len(letters)


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
