"""decode(): bytes of an upload -> NFC text with LF line ends, or a clear DecodeError."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from articles.extraction.decoding import DecodeError, decode


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
        ("Привет, как дела у всех сегодня".encode("cp1251"), "Cyrillic"),  # another legacy encoding
        ("国防部长周一表示谈判将继续".encode("gbk"), "UTF-8"),  # CJK legacy encoding
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
