"""decode(): bytes of an upload -> NFC text with LF line ends, or a clear DecodeError."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from articles.extraction.decoding import DecodeError, decode, decode_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Hello world", "Hello world"),  # ASCII
        ("Café in Zürich".encode(), "Café in Zürich"),  # UTF-8
        (codecs.BOM_UTF8 + "Café".encode(), "Café"),  # UTF-8 BOM stripped
        (codecs.BOM_UTF16_LE + "Café ☕".encode("utf-16-le"), "Café ☕"),  # UTF-16 LE with BOM
        (codecs.BOM_UTF16_BE + "Café ☕".encode("utf-16-be"), "Café ☕"),  # UTF-16 BE with BOM
        ("Straße".encode("utf-32"), "Straße"),  # UTF-32 with BOM
        ("Café owners protest".encode("cp1252"), "Café owners protest"),  # Latin-1 / cp1252
        ("“Quoted” – dash €5".encode("cp1252"), "“Quoted” – dash €5"),  # cp1252-only characters
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),  # CRLF and CR -> LF
        ("Cafe\u0301".encode(), "Café"),  # decomposed accent -> NFC
        (b"line\x0cnext\x1a", "line\x0cnext"),  # a stray form feed is kept, a DOS EOF dropped
        ("a\u2028b".encode(), "a\nb"),  # Unicode line separator -> LF
    ],
)
def test_decode(data: bytes, expected: str) -> None:
    text = decode(data)
    assert text == expected
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),  # nothing at all
        (b"  \n\t\r\n", "empty file"),  # whitespace only
        (codecs.BOM_UTF8, "empty file"),  # just a BOM
        (codecs.BOM_UTF8 + b"  \n", "empty file"),  # BOM and whitespace
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL"),  # an image
        ("Hello world, plain text".encode("utf-16-le"), "UTF-16 without a byte order mark"),  # no BOM
        (b"abc\x81def", "not Windows-1252"),  # byte undefined in cp1252 (a C1 control in Latin-1)
        (codecs.BOM_UTF8 + b"ok \xff\xfe", "not UTF-8"),  # BOM promises UTF-8, bytes are not
        (bytes(range(1, 32)) * 20, "control characters"),  # control-character soup
    ],
)
def test_decode_errors(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode(data)


def test_decode_error_is_a_value_error() -> None:
    assert issubclass(DecodeError, ValueError)


def test_decode_never_returns_mojibake_for_utf8() -> None:
    # Valid UTF-8 must never be re-read as cp1252 ("Ã©").
    assert decode("é".encode()) == "é"


# Undeclared legacy encodings are detected, and the guess is said (it goes on the report line).
@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Новости дня: правительство объявило о новых мерах поддержки семей", "cp1251"),
        ("Новости дня: правительство объявило о новых мерах поддержки семей", "koi8_r"),
        ("החדשות של היום: הממשלה הודיעה על צעדים חדשים לתמיכה במשפחות", "cp1255"),
        ("国防部长周一表示谈判将继续进行", "gbk"),
        ("東京で国際会議が開かれ、各国の代表が集まった。", "euc_jp"),
        ("東京で国際会議が開かれ、各国の代表が集まった。", "shift_jis"),
        ("서울에서 국제 회의가 열렸고 각국 대표들이 모였다", "euc_kr"),
        ("ข่าวภาษาไทยวันนี้ รัฐบาลประกาศมาตรการใหม่", "tis_620"),
        ("Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα στήριξης", "cp1253"),
    ],
)
def test_undeclared_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert "guessed" in decoded.note


@pytest.mark.parametrize(
    ("data", "expected", "note"),
    [
        # a Latin-1 word pasted into a UTF-8 page: repaired there, the rest stays UTF-8
        (
            "Grüße aus Köln, ".encode() + "für".encode("latin-1") + b" alle",
            "Grüße aus Köln, für alle",
            "1 byte",
        ),
        # a character cut off at the end of a UTF-8 file
        ("Der Bürgermeister sagte: Straße".encode() + "é".encode()[:1], "Der Bürgermeister sagte: Straße", "cut off"),
    ],
)
def test_mixed_utf8_is_repaired_locally(data: bytes, expected: str, note: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == expected
    assert note in decoded.note
    assert "Ã" not in decoded.text


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("Ελληνικά".encode("iso8859_7"), "iso-8859-7", "Ελληνικά"),  # the declaration is used
        ("Café".encode("cp1252"), "iso-8859-1", "Café"),  # Latin-1 means Windows-1252
        ("Zürich".encode(), "iso-8859-7", "Zürich"),  # a wrong declaration falls back (bytes invalid there)
        ("<?xml version='1.0'?><r>Straße</r>".encode("utf-16-le"), "", "<?xml version='1.0'?><r>Straße</r>"),
        ("<?xml version='1.0'?><r>Straße</r>".encode("utf-32-be"), "", "<?xml version='1.0'?><r>Straße</r>"),
    ],
)
def test_declared_and_wide_xml_encodings(data: bytes, declared: str, expected: str) -> None:
    assert decode(data, declared=declared) == expected
