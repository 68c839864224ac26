"""The table of hostile and bad inputs for the tally (issue 10), as data: every kind is tried through the
admin's upload page and through a real ``import_articles`` process (tests/test_hostile_tally.py,
bench/hostile_tally.py).

Each input kind builds its files from a *tag* (channel + number, e.g. ``u017``): the bad input, and beside it
(after it in the same file when the format holds several records, else as a second file of the same upload
or command) ``valid`` well-formed records whose titles carry the tag, so that a bad record that takes its
neighbours down shows as *lost*. Every text here is invented for these tests.

``expect`` says what a clean outcome is:
- ``refuse``: the bad part gives a failed report line with a reason (or a form error; the command exits 1);
- ``accept``: it imports (perhaps undated, or with a warning on its line); nothing fails;
- ``either``: either of those is clean (a damaged page may still hold an article; a date that cannot be
  read fails its record with the reason, where a placeholder or an out-of-range instant only drops the date;
  a text file with a NUL reads as binary; pasted text opening with ``<script>`` reads as a page).

``WEB_KINDS`` are hostile addresses and query parameters for every reading page: a request per kind,
never a 5xx.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

Files = list[tuple[str, bytes]]

BODY = (
    "The harbour board of Mombasa in Kenya met on Monday to approve repairs to the {word} quay. "
    "Kenya's ferry operators said the work on the {word} berth would take three weeks, and the board "
    "promised a report on the {word} budget by the end of the month."
)
WORDS = ["lantern", "orchard", "violin", "glacier", "quarry", "meadow", "kiln", "tram", "anchor", "beacon"]


def title(tag: str, i: int = 1) -> str:
    """The marker a valid record's title carries (found again in the database by it)."""
    return f"Harbour notice {tag}v{i}"


def body(tag: str, i: int = 1) -> str:
    return BODY.format(word=f"{WORDS[(sum(map(ord, tag)) + i) % 10]}{tag}{i}")


def record(tag: str, i: int = 1, **extra) -> dict:
    return {
        "id": f"{tag}-v{i}",
        "title": title(tag, i),
        "body": body(tag, i),
        "published": "2024-03-05T10:00:00+03:00",
        "source": "Tally Courier",
        **extra,
    }


def jline(tag: str, i: int = 1, **extra) -> str:
    return json.dumps(record(tag, i, **extra))


def text_article(tag: str, i: int = 1) -> bytes:
    return f"{title(tag, i)}\n\nBy Ilse Marwick\n\n{body(tag, i)}\n".encode()


def html_page(tag: str, i: int = 1, head: str = "", inner: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title(tag, i)}</title>{head}</head>"
        f"<body><article><h1>{title(tag, i)}</h1>{inner}<p>{body(tag, i)}</p></article></body></html>"
    )


def rss(items: str, decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f"{decl}<rss version='2.0'><channel><title>Tally</title><link>https://tally.example/</link>{items}</channel></rss>"


def rss_item(tag: str, i: int = 1, **over) -> str:
    parts = {
        "title": title(tag, i),
        "link": f"https://tally.example/{tag}/{i}",
        "description": body(tag, i),
        "pubDate": "Tue, 05 Mar 2024 10:00:00 +0300",
        **over,
    }
    return "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in parts.items() if v is not None) + "</item>"


def atom(entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tally</title>'
        f"<id>urn:tally</id><updated>2024-03-05T10:00:00Z</updated>{entries}</feed>"
    )


def atom_entry(tag: str, i: int = 1, updated: str = "2024-03-05T10:00:00+03:00", content: str = "") -> str:
    content = content or f"<content type='text'>{body(tag, i)}</content>"
    return (
        f"<entry><title>{title(tag, i)}</title><id>urn:{tag}:{i}</id><link href='https://tally.example/{tag}/{i}'/>"
        f"<updated>{updated}</updated>{content}</entry>"
    )


def rdf(items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel rdf:about='https://tally.example/'><title>Tally</title><link>https://tally.example/</link>"
        f"<description>d</description></channel>{items}</rdf:RDF>"
    )


def rdf_item(tag: str, i: int = 1, date: str = "2024-03-05T10:00:00+03:00") -> str:
    return (
        f"<item rdf:about='https://tally.example/{tag}/{i}'><title>{title(tag, i)}</title>"
        f"<link>https://tally.example/{tag}/{i}</link><description>{body(tag, i)}</description>"
        f"<dc:date>{date}</dc:date></item>"
    )


def zipped(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", compression) as z:
        warnings.simplefilter("ignore")  # a duplicate member name is one of the kinds
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def warc_record(
    url: str,
    payload: bytes,
    content_type: str = "text/html; charset=utf-8",
    length: int | None = None,
    http: bool = True,
) -> bytes:
    block = (
        (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        if http
        else payload
    )
    kind = "response" if http else "resource"
    ctype = "application/http; msgtype=response" if http else content_type
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url)) % 10**12:012d}-0000-0000-0000-000000000000>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def warc_page(tag: str, i: int = 1) -> bytes:
    return warc_record(f"https://tally.example/{tag}/{i}", html_page(tag, i).encode())


def arc_file(records: list[tuple[str, bytes]]) -> bytes:
    desc_body = b"1 0 Tally\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [f"filedesc://tally.arc 0.0.0.0 20240305100000 text/plain {len(desc_body)}\n".encode() + desc_body + b"\n"]
    for url, payload in records:
        http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
        out.append(f"{url} 192.0.2.1 20240305100000 text/html {len(http)}\n".encode() + http + b"\n")
    return b"".join(out)


@cache
def gzip_bomb() -> bytes:
    # 200 MB of zeros in about 200 KB: past the 100:1 and 50 MB limits.
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as g:
        chunk = b"\0" * (4 * 1024 * 1024)
        for _ in range(50):
            g.write(chunk)
    return out.getvalue()


@cache
def zip_bomb() -> bytes:
    return zipped([("bomb.jsonl", b" " * (120 * 1024 * 1024))])


def _encrypted_zip() -> bytes:
    # A member flagged as encrypted (general purpose bit 0): the zip module cannot read it without a password.
    data = bytearray(
        zipped([("secret.txt", b"Sealed notice\n\nA body that nobody may read here at all.")], zipfile.ZIP_STORED)
    )
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(sig)
        flag = at + (6 if sig == b"PK\x03\x04" else 8)
        data[flag] |= 1
    return bytes(data)


def _crc_broken_zip(tag: str) -> bytes:
    data = bytearray(zipped([("a.txt", b"Broken crc notice\n\n" + body(tag, 9).encode())], zipfile.ZIP_STORED))
    at = data.find(b"Broken crc")
    data[at] ^= 0x20  # the member's bytes no longer match its CRC
    return bytes(data)


def _symlink_zip(tag: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        z.writestr(info, "/etc/passwd")
        z.writestr("ok.jsonl", jline(tag))
    return buf.getvalue()


# --- the kinds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    family: str
    build: Callable[[str], Files]
    expect: str = "either"  # refuse | accept | either
    valid: int | tuple[int, ...] = 1  # valid marker records the files hold: 1..N, or their numbers
    paste: bool = False  # upload: the first file is sent in the form's "paste an article" box
    form: dict = field(default_factory=dict)  # extra upload-form fields (e.g. a feed URL)
    args: tuple[str, ...] = ()  # extra import_articles arguments (run in a process of its own)
    command_expect: str = ""  # when the command has no such input (a form-only field): its own expectation

    def files(self, tag: str) -> Files:
        return self.build(tag)

    def markers(self, tag: str) -> list[str]:
        numbers = range(1, self.valid + 1) if isinstance(self.valid, int) else self.valid
        return [f"{tag}v{i}" for i in numbers]


def _j(bad: str, after: int = 1, name: str = "x.jsonl") -> Callable[[str], Files]:
    """A JSON Lines file: a valid record, the bad line, then `after` valid records."""

    def build(tag: str) -> Files:
        lines = [jline(tag, 1), bad.replace("{tag}", tag), *(jline(tag, 1 + i) for i in range(1, after + 1))]
        return [(f"{tag}-{name}", "\n".join(lines).encode())]

    return build


def _field(**fields) -> str:
    """A JSON line whose fields are the given hostile values (an id of its own, else a whole record)."""
    return json.dumps({"id": "{tag}-bad", "title": "Quay notice {tag}", "body": BODY.format(word="pier"), **fields})


def _alone(name: str, data: bytes | Callable[[str], bytes], companion: str = "txt") -> Callable[[str], Files]:
    """A single-record file (page, pasted text, feed...) plus a valid file beside it in the same upload."""

    def build(tag: str) -> Files:
        bad = data(tag) if callable(data) else data
        ok = text_article(tag) if companion == "txt" else jline(tag).encode()
        return [(f"{tag}-{name}", bad), (f"{tag}-ok.{companion}", ok)]

    return build


def _enc(text: str, encoding: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(encoding)


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)></svg>javascript:alert(3)'
SQL = "'; DROP TABLE articles_article; -- \" OR 1=1 /* ` UNION SELECT password FROM auth_user"
RTL = "\u202e" * 2000 + "\u200f\u061c" * 500
ZW = "\u200b\u200c\u200d\u2060\ufeff" * 2000
COMBINING = "a" + "\u0301\u0302\u0303\u0304" * 3000
LONG_WORD = "x" * 2_000_000


def _jsonl_kinds() -> list[Kind]:
    f = "jsonl"
    bad_lines = {
        "broken-object": ('{"id": "{tag}-b", "title": "Broken", "body": ', "refuse"),
        "trailing-garbage": ('{"id": "{tag}-b", "title": "T", "body": "B"} trailing words', "refuse"),
        "huge-integer": ('{"id": "{tag}-b", "title": "T", "body": "B", "n": ' + "9" * 5000 + "}", "refuse"),
        "infinite-float": ('{"id": "{tag}-b", "title": "T", "body": "B", "n": 1e99999}', "refuse"),
        "nan": ('{"id": "{tag}-b", "title": "T", "body": "B", "n": NaN}', "refuse"),
        "deep-nesting": (
            '{"id": "{tag}-b", "title": "T", "body": "B", "x": ' + "[" * 5000 + "]" * 5000 + "}",
            "refuse",
        ),
        "deep-objects": ('{"x": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}", "refuse"),
        "scalar-line": ("42", "refuse"),
        "null-line": ("null", "refuse"),
        "string-line": ('"just a string"', "refuse"),
        "array-line": ("[1, 2, 3]", "refuse"),
        "empty-object": ("{}", "refuse"),
        "missing-title-and-body": (json.dumps({"id": "{tag}-b", "source": "Tally Courier"}), "refuse"),
        "empty-strings": (json.dumps({"id": "{tag}-b", "title": "", "body": ""}), "refuse"),
        "whitespace-fields": (json.dumps({"id": "{tag}-b", "title": " \t ", "body": "\n\n \u3000"}), "refuse"),
        "wrong-types": (json.dumps({"id": ["x"], "title": 12, "body": {"a": 1}, "published": [2024]}), "either"),
        "body-null": (json.dumps({"id": "{tag}-b", "title": "Quay notice", "body": None}), "either"),
        "bool-fields": (json.dumps({"id": True, "title": False, "body": True, "source": 1}), "either"),
        "huge-id": (_field(id="i" * 100_000), "either"),
        "nul-escaped": (
            _field(
                title="Quay\u0000notice {tag}",
                body="Nul\u0000 in the body. " + BODY.format(word="nul"),
                source="Tally\u0000Courier",
                byline="A\u0000B",
            ),
            "accept",
        ),
        "control-escaped": (_field(title="Quay\u0001\u0007\u001b[31m notice {tag}", section="\u0008\u000c"), "accept"),
        "c1-controls": (_field(title="Quay \u0085\u009b\u008d notice {tag}"), "accept"),
        "lone-high-surrogate": (
            '{"id": "{tag}-b", "title": "Quay \\ud800 notice", "body": "' + BODY.format(word="s") + ' \\udbff"}',
            "accept",
        ),
        "lone-low-surrogate": (
            '{"id": "{tag}-b", "title": "\\udfff Quay notice", "body": "'
            + BODY.format(word="t")
            + '", "source": "\\udc00"}',
            "accept",
        ),
        "reversed-surrogates": (
            '{"id": "{tag}-b", "title": "Quay \\udc00\\ud800 notice", "body": "' + BODY.format(word="r") + '"}',
            "accept",
        ),
        "raw-nul-byte": (
            '{"id": "{tag}-b", "title": "Quay\x00 notice", "body": "' + BODY.format(word="z") + '"}',
            "either",
        ),
        "raw-control-bytes": ('{"id": "{tag}-b", "title": "Quay\x01\x02 notice", "body": "b\x1f"}', "either"),
        "date-year-10000-in-utc": (_field(published="9999-12-31T23:00:00-05:00"), "accept"),
        "date-year-0-in-utc": (_field(published="0001-01-01T00:30:00+05:00"), "accept"),
        "date-placeholder-epoch": (_field(published="1970-01-01"), "accept"),
        "date-placeholder-0001": (_field(published="0001-01-01"), "accept"),
        "date-placeholder-9999": (_field(published="9999-12-31"), "accept"),
        "date-feb-30": (_field(published="2024-02-30"), "either"),
        "date-month-13": (_field(published="2024-13-01T10:00:00Z"), "either"),
        "date-hour-25": (_field(published="2024-03-05T25:61:61+03:00"), "either"),
        "date-offset-25h": (_field(published="2024-03-05T10:00:00+25:00"), "either"),
        "date-far-future-offset": (_field(published="2999-06-01T00:00:00-14:00"), "accept"),
        "date-far-past-offset": (_field(published="0100-06-01T00:00:00+14:00"), "accept"),
        "date-six-digit-year": (_field(published="+275760-09-13T00:00:00Z"), "either"),
        "date-words": (_field(published="the day after the storm"), "either"),
        "date-epoch-huge": (_field(published=10**20), "accept"),
        "date-negative-epoch": (_field(published=-(10**15)), "accept"),
        "date-list": (_field(published=["2024-03-05", "2024-03-06"]), "either"),
        "date-object": (_field(published={"$date": "2024-03-05"}), "either"),
        "date-empty": (_field(published=""), "accept"),
        "url-javascript": (_field(url="javascript:alert(document.cookie)"), "either"),
        "url-file": (_field(url="file:///etc/passwd"), "either"),
        "url-data": (_field(url="data:text/html,<script>alert(1)</script>"), "either"),
        "url-private": (_field(url="http://127.0.0.1:8000/admin/"), "either"),
        "url-metadata": (_field(url="http://169.254.169.254/latest/meta-data/"), "either"),
        "url-huge": (_field(url="https://tally.example/" + "a" * 20_000), "either"),
        "url-with-newline": (_field(url="https://tally.example/\r\nSet-Cookie: x=1"), "either"),
        "xss-every-field": (
            _field(
                title=XSS + " {tag}",
                body=XSS + " " + BODY.format(word="xss"),
                byline=XSS,
                section=XSS,
                source=XSS,
                url="https://tally.example/<script>",
                standfirst=XSS,
                language=XSS,
            ),
            "accept",
        ),
        "sql-every-field": (
            _field(
                title=SQL, body=SQL + " " + BODY.format(word="sql"), source=SQL, section=SQL, byline=SQL, language=SQL
            ),
            "accept",
        ),
        "rtl-flood": (
            _field(title=RTL + "Quay notice", body=RTL + BODY.format(word="rtl"), source=RTL[:100]),
            "accept",
        ),
        "zero-width-flood": (_field(title=ZW + "Quay notice", body=BODY.format(word="zw") + ZW), "accept"),
        "combining-flood": (_field(title=COMBINING[:5000], body=BODY.format(word="cmb") + " " + COMBINING), "accept"),
        "long-word": (_field(body=BODY.format(word="long") + " " + LONG_WORD), "accept"),
        "huge-string": (_field(body="word " * 1_100_000), "refuse"),
        "many-keys": (
            json.dumps(
                {
                    "id": "{tag}-b",
                    "title": "Quay notice",
                    "body": BODY.format(word="keys"),
                    **{f"k{i}": i for i in range(20_000)},
                }
            ),
            "either",
        ),
        "duplicate-keys": (
            '{"id": "{tag}-b", "title": "Quay notice", "title": 7, "body": "'
            + BODY.format(word="dup")
            + '", "body": null}',
            "either",
        ),
        "line-separators": (
            _field(title="Quay\u2028notice\u2029{tag}", body=BODY.format(word="sep") + "\u0085"),
            "accept",
        ),
        "language-bogus": (_field(language="x" * 500), "accept"),
        "source-huge": (_field(source="S" * 100_000), "either"),
        "section-huge": (_field(section="S" * 100_000, byline="B" * 100_000), "either"),
        "tags-hostile": (_field(countries=["ZZ", "../", None, 5], topics={"a": 1}, people=[XSS]), "accept"),
    }
    kinds = [Kind(f"jsonl-{name}", f, _j(line), expect, 2) for name, (line, expect) in bad_lines.items()]

    def dup(tag: str) -> Files:
        return [(f"{tag}-dup.jsonl", "\n".join([jline(tag, 1), jline(tag, 1), jline(tag, 2)]).encode())]

    def truncated(tag: str) -> Files:
        return [(f"{tag}-cut.jsonl", ("\n".join([jline(tag, 1), jline(tag, 2)]) + "\n" + jline(tag, 3)[:60]).encode())]

    def crlf(tag: str) -> Files:
        return [(f"{tag}-crlf.jsonl", "\r\n".join([jline(tag, 1), "", "   ", jline(tag, 2)]).encode())]

    def cr_only(tag: str) -> Files:
        return [(f"{tag}-cr.jsonl", "\r".join([jline(tag, 1), jline(tag, 2)]).encode())]

    def invalid_utf8(tag: str) -> Files:
        bad = b'{"id": "' + tag.encode() + b'-b", "title": "Quay \xff\xfe\xc3 notice", "body": "\xed\xa0\x80 cesu"}'
        return [(f"{tag}-bytes.jsonl", b"\n".join([jline(tag, 1).encode(), bad, jline(tag, 2).encode()]))]

    def latin1(tag: str) -> Files:
        lines = [jline(tag, 1, body=body(tag, 1) + " Caf\u00e9 na\u00efve"), jline(tag, 2)]
        return [(f"{tag}-latin1.jsonl", "\n".join(lines).encode("latin-1"))]

    def many_short(tag: str) -> Files:
        # More records than the background threshold: the worker's path, with a bad record on line 250.
        lines = [
            json.dumps({"id": f"{tag}-m{i}", "title": title(tag, i), "body": f"Tide {i} at the quay in Kenya."})
            for i in range(1, 312)
        ]
        lines[249] = '{"id": "' + tag + '-m250", "title": "T", "body": "B", "n": ' + "7" * 6000 + "}"
        return [(f"{tag}-many.jsonl", "\n".join(lines).encode())]

    kinds += [
        Kind("jsonl-duplicate-records", f, dup, "accept", 2),
        Kind("jsonl-truncated-file", f, truncated, "refuse", 2),
        Kind("jsonl-crlf-and-blank-lines", f, crlf, "accept", 2),
        Kind("jsonl-cr-only-line-ends", f, cr_only, "either", 0),
        Kind("jsonl-invalid-utf8-bytes", f, invalid_utf8, "either", 2),
        Kind("jsonl-undeclared-latin1", f, latin1, "accept", 2),
        Kind("jsonl-bad-line-250-of-311", f, many_short, "refuse", tuple(i for i in range(1, 312) if i != 250)),
    ]
    for bom_name, encoding, bom in (
        ("utf8", "utf-8", codecs.BOM_UTF8),
        ("utf16le", "utf-16-le", codecs.BOM_UTF16_LE),
        ("utf16be", "utf-16-be", codecs.BOM_UTF16_BE),
        ("utf32le", "utf-32-le", codecs.BOM_UTF32_LE),
        ("utf32be", "utf-32-be", codecs.BOM_UTF32_BE),
    ):
        kinds.append(
            Kind(
                f"jsonl-bom-{bom_name}",
                f,
                (lambda e, b: lambda tag: [(f"{tag}-bom.jsonl", _enc(jline(tag, 1) + "\n" + jline(tag, 2), e, b))])(
                    encoding, bom
                ),
                "accept",
                2,
            )
        )
    kinds.append(
        Kind(
            "jsonl-utf16-no-bom",
            f,
            lambda tag: [(f"{tag}-u16.jsonl", _enc(jline(tag, 1) + "\n" + jline(tag, 2), "utf-16-le"))],
            "either",
            0,
        )
    )
    kinds.append(
        Kind(
            "jsonl-bom-in-the-middle",
            f,
            lambda tag: [(f"{tag}-midbom.jsonl", (jline(tag, 1) + "\n\ufeff" + jline(tag, 2)).encode())],
            "accept",
            2,
        )
    )
    return kinds


def _array_kinds() -> list[Kind]:
    f = "json-array"

    def arr(items: str) -> Callable[[str], Files]:
        return lambda tag: [(f"{tag}-a.json", f"[{jline(tag, 1)}, {items}, {jline(tag, 2)}]".encode())]

    return [
        Kind("array-item-scalar", f, arr('42, null, "s"'), "refuse", 2),
        Kind("array-item-deep", f, arr("[" * 3000 + "]" * 3000), "refuse", 2),
        Kind("array-item-huge-int", f, arr('{"title": "T", "body": "B", "n": ' + "1" * 5000 + "}"), "refuse", 2),
        Kind(
            "array-item-surrogate",
            f,
            arr('{"title": "Quay \\ud800 notice", "body": "' + BODY.format(word="q") + '"}'),
            "accept",
            2,
        ),
        Kind("array-item-empty-object", f, arr("{}"), "refuse", 2),
        Kind(
            "array-truncated",
            f,
            lambda tag: [
                (f"{tag}-cut.json", f"[{jline(tag, 1)}, {jline(tag, 2)[:40]}".encode()),
                (f"{tag}-ok.txt", text_article(tag, 3)),
            ],
            "refuse",
            (3,),
        ),
        Kind("array-empty", f, _alone("empty.json", b"[]"), "refuse"),
        Kind("array-of-arrays", f, _alone("aa.json", b"[[[]], [[1]]]"), "refuse"),
        Kind("array-whole-file-deep", f, _alone("deep.json", b"[" * 100_000 + b"]" * 100_000), "refuse"),
        Kind("object-not-array", f, _alone("obj.json", b'{"articles": {"a": 1}}'), "refuse"),
        Kind(
            "array-trailing-comma",
            f,
            lambda tag: [(f"{tag}-tc.json", f"[{jline(tag, 1)}, {jline(tag, 2)},]".encode())],
            "either",
            0,
        ),
    ]


def _text_kinds() -> list[Kind]:
    f = "text"
    return [
        Kind("text-empty-file", f, _alone("empty.txt", b""), "refuse"),
        Kind("text-whitespace-only", f, _alone("ws.txt", " \n\t\r\n\u3000".encode()), "refuse"),
        Kind("text-one-word", f, _alone("word.txt", b"Quay"), "either"),
        Kind("text-title-only", f, _alone("title.txt", b"Harbour closes for repairs"), "either"),
        Kind(
            "text-nul-and-controls",
            f,
            _alone("ctl.txt", lambda t: b"Quay\x00 notice\x07\n\n" + body(t, 7).encode() + b"\x00\x01\x02\x1b[2J"),
            "either",
        ),
        Kind("text-binary-garbage", f, _alone("junk.txt", bytes((i * 73 + 41) % 256 for i in range(20_000))), "either"),
        Kind(
            "text-long-line",
            f,
            _alone("line.txt", lambda t: b"Quay notice\n\n" + body(t, 7).encode() + b" " + b"y" * 3_000_000),
            "either",
        ),
        Kind(
            "text-many-newlines",
            f,
            _alone("nl.txt", lambda t: b"Quay notice\n" + b"\n" * 500_000 + body(t, 7).encode()),
            "either",
        ),
        Kind("text-xss", f, _alone("xss.txt", lambda t: f"{XSS}\n\n{XSS} {body(t, 7)}".encode()), "either"),
        Kind("text-sql", f, _alone("sql.txt", lambda t: f"{SQL}\n\n{SQL} {body(t, 7)}".encode()), "accept"),
        Kind("text-rtl-flood", f, _alone("rtl.txt", lambda t: f"{RTL}Quay\n\n{RTL}{body(t, 7)}".encode()), "accept"),
        Kind(
            "text-zero-width-flood",
            f,
            _alone("zw.txt", lambda t: f"Quay{ZW}notice\n\n{body(t, 7)}{ZW}".encode()),
            "accept",
        ),
        Kind(
            "text-combining-flood",
            f,
            _alone("cmb.txt", lambda t: f"Quay notice\n\n{body(t, 7)} {COMBINING}".encode()),
            "accept",
        ),
        Kind(
            "text-cesu-surrogate-bytes",
            f,
            _alone("cesu.txt", lambda t: b"Quay \xed\xa0\x80 notice\n\n" + body(t, 7).encode()),
            "accept",
        ),
        Kind(
            "text-utf16le-bom",
            f,
            _alone("u16.txt", lambda t: _enc(f"Quay notice\n\n{body(t, 7)}", "utf-16-le", codecs.BOM_UTF16_LE)),
            "accept",
        ),
        Kind(
            "text-utf32be-bom",
            f,
            _alone("u32.txt", lambda t: _enc(f"Quay notice\n\n{body(t, 7)}", "utf-32-be", codecs.BOM_UTF32_BE)),
            "accept",
        ),
        Kind(
            "text-undeclared-cp1251",
            f,
            _alone(
                "ru.txt",
                "Порт Момбасы\n\nСовет порта Момбасы в Кении одобрил ремонт "
                "причала в понедельник, сообщили операторы паромов.".encode("cp1251"),
            ),
            "accept",
        ),
        Kind(
            "text-undeclared-shift-jis",
            f,
            _alone(
                "ja.txt", "港の修理\n\nケニアのモンバサ港の理事会は月曜日に岸壁の修理を承認した。".encode("shift_jis")
            ),
            "accept",
        ),
        Kind(
            "text-placeholder-dateline",
            f,
            _alone("date.txt", lambda t: f"Quay notice\n\n9999-12-31 23:00 -05:00\n\n{body(t, 7)}".encode()),
            "accept",
        ),
        Kind(
            "paste-nul-and-controls",
            f,
            _alone("p.txt", lambda t: b"Quay\x00 notice\x07\n\n" + body(t, 7).encode() + b"\x1b[2J"),
            "either",
            paste=True,
        ),
        Kind("paste-xss", f, _alone("p.txt", lambda t: f"{XSS}\n\n{XSS} {body(t, 7)}".encode()), "either", paste=True),
        Kind(
            "paste-rtl-zero-width",
            f,
            _alone("p.txt", lambda t: f"{RTL}Quay{ZW}\n\n{body(t, 7)}".encode()),
            "accept",
            paste=True,
        ),
        Kind("paste-whitespace-only", f, _alone("p.txt", " \n\t\u3000\n".encode()), "either", paste=True),
        Kind("paste-one-word", f, _alone("p.txt", b"Quay"), "either", paste=True),
        Kind(
            "paste-one-word-headline",
            f,
            _alone("p.txt", lambda t: f"Storm\n\n{body(t, 7)}".encode()),
            "accept",
            paste=True,
        ),
        Kind(
            "paste-long-line",
            f,
            _alone("p.txt", lambda t: f"Quay notice\n\n{body(t, 7)} ".encode() + b"z" * 1_000_000),
            "either",
            paste=True,
        ),
        Kind(
            "paste-placeholder-date",
            f,
            _alone("p.txt", lambda t: f"Quay notice\n\n1 January 0001\n\n{body(t, 7)}".encode()),
            "accept",
            paste=True,
        ),
        Kind(
            "text-pasted-with-form-date",
            f,
            _alone("fd.txt", lambda t: text_article(t, 7)),
            "accept",
            1,
            form={"published": "2024-02-29"},
            args=("--published", "2024-02-29"),
        ),
    ]


def _html_kinds() -> list[Kind]:
    f = "html"
    return [
        Kind(
            "html-unclosed-tags",
            f,
            _alone("open.html", lambda t: f"<html><body><div><p><b><i>Quay notice<p>{body(t, 7)}<div>".encode()),
            "either",
        ),
        Kind("html-truncated-mid-tag", f, _alone("cut.html", lambda t: html_page(t, 7).encode()[:300]), "either"),
        Kind(
            "html-wrong-declared-charset",
            f,
            _alone(
                "cs.html",
                lambda t: (
                    html_page(t, 7).replace("utf-8", "utf-8").replace("Harbour", "Caf\u00e9 harbour").encode("latin-1")
                ),
            ),
            "accept",
        ),
        Kind(
            "html-impossible-charset",
            f,
            _alone("bogus.html", lambda t: html_page(t, 7).replace("utf-8", "x-no-such-charset").encode()),
            "accept",
        ),
        Kind(
            "html-utf7-charset",
            f,
            _alone(
                "u7.html",
                lambda t: (
                    html_page(t, 7)
                    .replace("utf-8", "utf-7")
                    .replace("<h1>", "<h1>+ADw-script+AD4-alert(1)+ADw-/script+AD4-")
                    .encode()
                ),
            ),
            "accept",
        ),
        Kind(
            "html-deep-nesting",
            f,
            _alone(
                "deep.html",
                lambda t: ("<html><body>" + "<div>" * 50_000 + f"<p>{body(t, 7)}</p>" + "</div>" * 50_000).encode(),
            ),
            "either",
        ),
        Kind(
            "html-script-only",
            f,
            _alone(
                "js.html",
                b"<html><head><script>document.write('x')</script></head><body><script>var a=1;</script></body></html>",
            ),
            "refuse",
        ),
        Kind("html-empty-document", f, _alone("e.html", b"<html></html>"), "refuse"),
        Kind(
            "html-xss-everywhere",
            f,
            _alone(
                "xss.html",
                lambda t: html_page(
                    t,
                    7,
                    head=f"<meta name='author' content='{XSS}'><meta property='article:section' content='\"><script>x</script>'>",
                    inner=f"<p onclick='alert(1)'>{XSS}</p><a href='javascript:alert(1)'>link</a><iframe src='//evil'></iframe>",
                ).encode(),
            ),
            "accept",
        ),
        Kind(
            "html-impossible-meta-date",
            f,
            _alone(
                "date.html",
                lambda t: html_page(
                    t, 7, head="<meta property='article:published_time' content='9999-12-31T23:00:00-05:00'>"
                ).encode(),
            ),
            "accept",
        ),
        Kind(
            "html-far-past-meta-date",
            f,
            _alone(
                "past.html",
                lambda t: html_page(t, 7, head="<meta name='date' content='0001-01-01T00:30:00+05:00'>").encode(),
            ),
            "accept",
        ),
        Kind(
            "html-huge-attribute",
            f,
            _alone("attr.html", lambda t: html_page(t, 7, inner=f"<div data-x='{'a' * 3_000_000}'></div>").encode()),
            "accept",
        ),
        Kind(
            "html-nul-bytes",
            f,
            _alone("nul.html", lambda t: html_page(t, 7).replace("<p>", "<p>\x00\x01").encode()),
            "accept",
        ),
        Kind(
            "html-utf16-bom",
            f,
            _alone("u16.html", lambda t: _enc(html_page(t, 7), "utf-16-le", codecs.BOM_UTF16_LE)),
            "accept",
        ),
        Kind(
            "html-unclosed-comment", f, _alone("cm.html", lambda t: f"<html><body><!-- {body(t, 7)}".encode()), "either"
        ),
        Kind(
            "html-json-ld-hostile",
            f,
            _alone(
                "ld.html",
                lambda t: html_page(
                    t,
                    7,
                    head='<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "9999-99-99", '
                    '"headline": ' + "[" * 3000 + "]" * 3000 + "}</script>",
                ).encode(),
            ),
            "accept",
        ),
        Kind(
            "html-rtl-and-combining",
            f,
            _alone("rtl.html", lambda t: html_page(t, 7, inner=f"<p>{RTL}{COMBINING}</p>").encode()),
            "accept",
        ),
    ]


def _feed_kinds() -> list[Kind]:
    kinds = []

    def feed_file(name: str, make: Callable[[str], str], expect: str, valid: int, encoding: str = "utf-8") -> Kind:
        return Kind(
            name, name.split("-", 1)[0], lambda tag: [(f"{tag}-feed.xml", make(tag).encode(encoding))], expect, valid
        )

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    kinds += [
        feed_file(
            "rss-broken-item", lambda t: rss(rss_item(t, 1) + "<item><title>Broken" + rss_item(t, 2)), "either", 0
        ),
        Kind(
            "rss-truncated",
            "rss",
            lambda t: [
                (f"{t}-cut.xml", rss(rss_item(t, 1) + rss_item(t, 2)).encode()[:-120]),
                (f"{t}-ok.txt", text_article(t, 3)),
            ],
            "either",
            (3,),
        ),
        Kind(
            "rss-billion-laughs",
            "rss",
            lambda t: [
                (
                    f"{t}-bomb.xml",
                    (bomb + rss("<item><title>&i;</title><description>&i;</description></item>", "")).encode(),
                ),
                (f"{t}-ok.txt", text_article(t, 3)),
            ],
            "either",
            (3,),
        ),
        Kind(
            "rss-external-entity",
            "rss",
            lambda t: [
                (
                    f"{t}-xxe.xml",
                    (
                        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM '
                        '"file:///etc/passwd">]>' + rss(rss_item(t, 1, description="&x; " + body(t, 1)), "")
                    ).encode(),
                )
            ],
            "either",
            0,
        ),
        feed_file(
            "rss-declared-utf16-is-utf8",
            lambda t: rss(rss_item(t, 1) + rss_item(t, 2), '<?xml version="1.0" encoding="utf-16"?>'),
            "either",
            0,
        ),
        feed_file(
            "rss-impossible-encoding",
            lambda t: rss(rss_item(t, 1) + rss_item(t, 2), '<?xml version="1.0" encoding="x-bogus-42"?>'),
            "either",
            0,
        ),
        feed_file(
            "rss-undeclared-latin1",
            lambda t: rss(
                rss_item(t, 1, description=body(t, 1) + " caf\u00e9") + rss_item(t, 2), '<?xml version="1.0"?>'
            ),
            "either",
            0,
            "latin-1",
        ),
        feed_file(
            "rss-impossible-dates",
            lambda t: rss(
                rss_item(t, 3, pubDate="Fri, 31 Dec 9999 23:00:00 -0500")
                + rss_item(t, 4, pubDate="Mon, 01 Jan 0001 00:30:00 +0500")
                + rss_item(t, 5, pubDate="Thu, 30 Feb 2024 99:99:99 +9999")
                + rss_item(t, 1)
            ),
            "accept",
            (1, 3, 4, 5),
        ),
        feed_file(
            "rss-empty-items", lambda t: rss("<item></item><item><title></title></item>" + rss_item(t, 1)), "either", 1
        ),
        feed_file("rss-empty-channel", lambda t: rss(""), "refuse", 0),
        feed_file(
            "rss-javascript-link",
            lambda t: rss(rss_item(t, 3, link="javascript:alert(1)") + rss_item(t, 1)),
            "accept",
            (1, 3),
        ),
        feed_file(
            "rss-xss-cdata",
            lambda t: rss(
                rss_item(
                    t, 3, description=f"<![CDATA[{XSS}<p>{body(t, 3)}</p>]]>", title=f"<![CDATA[{title(t, 3)} {XSS}]]>"
                )
                + rss_item(t, 1)
            ),
            "accept",
            (1, 3),
        ),
        Kind(
            "rss-nul-and-controls",
            "rss",
            lambda t: [
                (f"{t}-nul.xml", rss(rss_item(t, 3, description="\x00\x01" + body(t, 3)) + rss_item(t, 1)).encode()),
                (f"{t}-ok.txt", text_article(t, 2)),
            ],
            "either",
            (2,),
        ),
        feed_file("rss-huge-title", lambda t: rss(rss_item(t, 3, title="T" * 3_000_000) + rss_item(t, 1)), "either", 1),
        feed_file(
            "rss-sql-and-rtl",
            lambda t: rss(rss_item(t, 3, title=f"{title(t, 3)} {SQL} {RTL[:200]}") + rss_item(t, 1)),
            "accept",
            (1, 3),
        ),
        feed_file(
            "atom-broken", lambda t: atom(atom_entry(t, 1) + "<entry><title>x</entry>" + atom_entry(t, 2)), "either", 0
        ),
        Kind(
            "atom-truncated",
            "atom",
            lambda t: [
                (f"{t}-cut.xml", atom(atom_entry(t, 1) + atom_entry(t, 2)).encode()[:-80]),
                (f"{t}-ok.txt", text_article(t, 3)),
            ],
            "either",
            (3,),
        ),
        feed_file(
            "atom-impossible-updated",
            lambda t: atom(
                atom_entry(t, 3, "9999-12-31T23:00:00-05:00")
                + atom_entry(t, 4, "0001-01-01T00:30:00+05:00")
                + atom_entry(t, 1)
            ),
            "accept",
            (1, 3, 4),
        ),
        feed_file(
            "atom-xhtml-script",
            lambda t: atom(
                atom_entry(
                    t,
                    3,
                    content="<content type='xhtml'><div xmlns="
                    "'http://www.w3.org/1999/xhtml'><script>alert(1)</script>"
                    f"<p onclick='x()'>{body(t, 3)}</p></div></content>",
                )
                + atom_entry(t, 1)
            ),
            "accept",
            (1, 3),
        ),
        feed_file(
            "atom-empty-entries",
            lambda t: atom("<entry></entry><entry><title/></entry>" + atom_entry(t, 1)),
            "either",
            1,
        ),
        feed_file("atom-no-entries", lambda t: atom(""), "refuse", 0),
        Kind(
            "atom-utf32-bom",
            "atom",
            lambda t: [
                (
                    f"{t}-u32.xml",
                    _enc(atom(atom_entry(t, 1)).replace('encoding="utf-8"', ""), "utf-32-le", codecs.BOM_UTF32_LE),
                )
            ],
            "accept",
            1,
        ),
        feed_file("rdf-broken", lambda t: rdf(rdf_item(t, 1) + "<item><title>x</item>" + rdf_item(t, 2)), "either", 0),
        feed_file(
            "rdf-impossible-dates",
            lambda t: rdf(rdf_item(t, 3, "9999-12-31T23:00:00-05:00") + rdf_item(t, 1)),
            "accept",
            (1, 3),
        ),
        feed_file("rdf-no-items", lambda t: rdf(""), "refuse", 0),
        feed_file(
            "rdf-xss",
            lambda t: rdf(
                rdf_item(t, 1).replace("<description>", f"<description>&lt;script&gt;alert(1)&lt;/script&gt;{SQL}")
            ),
            "accept",
            1,
        ),
    ]
    return kinds


def _zip_kinds() -> list[Kind]:
    f = "zip"

    def z(members: Callable[[str], list[tuple[str, bytes]]], expect: str, valid: int = 1) -> Callable[[str], Files]:
        return lambda tag: [(f"{tag}-a.zip", zipped(members(tag)))]

    return [
        Kind(
            "zip-bomb-ratio", f, lambda t: [(f"{t}-bomb.zip", zip_bomb()), (f"{t}-ok.txt", text_article(t))], "refuse"
        ),
        Kind(
            "zip-path-traversal",
            f,
            z(
                lambda t: [
                    ("../../etc/evil.txt", text_article(t, 5)),
                    ("..\\..\\win.txt", text_article(t, 6)),
                    ("/abs/root.txt", text_article(t, 7)),
                    ("ok.jsonl", jline(t).encode()),
                ],
                "refuse",
            ),
            "refuse",
        ),
        Kind(
            "zip-nested-zip",
            f,
            z(
                lambda t: [
                    ("inner.zip", zipped([("deep.zip", zipped([("d.txt", text_article(t, 5))]))])),
                    ("ok.jsonl", jline(t).encode()),
                ],
                "either",
            ),
            "either",
        ),
        Kind(
            "zip-corrupt",
            f,
            lambda t: [
                (f"{t}-bad.zip", zipped([("a.txt", text_article(t, 5))])[:-30]),
                (f"{t}-ok.txt", text_article(t)),
            ],
            "refuse",
        ),
        Kind(
            "zip-crc-error",
            f,
            lambda t: [(f"{t}-crc.zip", _crc_broken_zip(t)), (f"{t}-ok.txt", text_article(t))],
            "refuse",
        ),
        Kind(
            "zip-encrypted-member",
            f,
            lambda t: [(f"{t}-enc.zip", _encrypted_zip()), (f"{t}-ok.txt", text_article(t))],
            "refuse",
        ),
        Kind("zip-empty", f, lambda t: [(f"{t}-empty.zip", zipped([])), (f"{t}-ok.txt", text_article(t))], "refuse"),
        Kind("zip-symlink-member", f, lambda t: [(f"{t}-ln.zip", _symlink_zip(t))], "either"),
        Kind(
            "zip-empty-members",
            f,
            z(lambda t: [("a.txt", b""), ("b.jsonl", b""), ("dir/", b""), ("ok.jsonl", jline(t).encode())], "either"),
            "either",
        ),
        Kind(
            "zip-control-names",
            f,
            z(
                lambda t: [
                    ("a\x01\x1b[2J.txt", text_article(t, 5)),
                    ("<script>.txt", text_article(t, 6)),
                    ("n" * 300 + ".txt", text_article(t, 7)),
                    ("ok.jsonl", jline(t).encode()),
                ],
                "either",
            ),
            "either",
            1,
        ),
        Kind(
            "zip-duplicate-names",
            f,
            z(lambda t: [("a.jsonl", jline(t, 1).encode()), ("a.jsonl", jline(t, 2).encode())], "either"),
            "either",
            2,
        ),
        Kind(
            "zip-many-members",
            f,
            lambda t: [
                (
                    f"{t}-many.zip",
                    zipped([(f"e{i}.txt", b"") for i in range(6000)] + [("ok.jsonl", jline(t).encode())]),
                ),
                (f"{t}-ok.txt", text_article(t, 2)),
            ],
            "refuse",
            (2,),
        ),
        Kind(
            "zip-bad-member-then-good",
            f,
            z(
                lambda t: [
                    ("bad.jsonl", b'{"n": ' + b"9" * 5000 + b"}"),
                    ("bin.txt", bytes(range(256)) * 50),
                    ("ok.jsonl", jline(t).encode()),
                ],
                "refuse",
            ),
            "refuse",
        ),
        Kind(
            "zip-not-a-zip",
            f,
            lambda t: [(f"{t}-fake.zip", b"PK\x03\x04" + b"\x00" * 200), (f"{t}-ok.txt", text_article(t))],
            "refuse",
        ),
    ]


def _warc_kinds() -> list[Kind]:
    return [
        Kind(
            "warc-truncated",
            "warc",
            lambda t: [
                (f"{t}-cut.warc", (warc_page(t, 1) + warc_page(t, 2))[:-400]),
                (f"{t}-ok.txt", text_article(t, 3)),
            ],
            "either",
            (3,),
        ),
        Kind(
            "warc-wrong-length",
            "warc",
            lambda t: [
                (f"{t}-len.warc", warc_record(f"https://tally.example/{t}/9", b"<html>x</html>", length=10**9)),
                (f"{t}-ok.txt", text_article(t)),
            ],
            "either",
        ),
        Kind(
            "warc-gzip-corrupt",
            "warc",
            lambda t: [
                (f"{t}-bad.warc.gz", gzip.compress(warc_page(t, 1))[:-50] + b"garbage"),
                (f"{t}-ok.txt", text_article(t, 3)),
            ],
            "either",
            (3,),
        ),
        Kind(
            "warc-image-payload",
            "warc",
            lambda t: [
                (
                    f"{t}-img.warc",
                    warc_record("https://tally.example/i.png", b"\x89PNG\r\n" * 100, "image/png") + warc_page(t, 1),
                )
            ],
            "either",
        ),
        Kind(
            "warc-bogus-charset",
            "warc",
            lambda t: [
                (
                    f"{t}-cs.warc",
                    warc_record(f"https://tally.example/{t}/7", html_page(t, 7).encode(), "text/html; charset=x-bogus")
                    + warc_page(t, 1),
                )
            ],
            "accept",
            (1, 7),
        ),
        Kind(
            "warc-empty-file",
            "warc",
            lambda t: [(f"{t}-e.warc", b"WARC/1.0\r\n\r\n"), (f"{t}-ok.txt", text_article(t))],
            "either",
        ),
        Kind(
            "warc-resource-no-http",
            "warc",
            lambda t: [
                (
                    f"{t}-res.warc",
                    warc_record(f"https://tally.example/{t}/1", html_page(t, 1).encode(), "text/html", http=False),
                )
            ],
            "either",
            0,
        ),
        Kind(
            "warc-private-target-uri",
            "warc",
            lambda t: [(f"{t}-priv.warc", warc_record("http://10.0.0.1/admin", html_page(t, 1).encode()))],
            "accept",
        ),
        Kind(
            "warc-javascript-target-uri",
            "warc",
            lambda t: [(f"{t}-js.warc", warc_record("javascript:alert(1)", html_page(t, 1).encode()))],
            "either",
            0,
        ),
        Kind(
            "arc-valid-then-garbage",
            "arc",
            lambda t: [
                (
                    f"{t}-a.arc",
                    arc_file([(f"https://tally.example/{t}/1", html_page(t, 1).encode())]) + b"garbage line\n" * 20,
                )
            ],
            "either",
            0,
        ),
        Kind(
            "arc-broken-header",
            "arc",
            lambda t: [
                (f"{t}-b.arc", b"filedesc://x.arc 0.0.0.0 2024 text/plain 99999\nshort"),
                (f"{t}-ok.txt", text_article(t)),
            ],
            "either",
        ),
        Kind(
            "arc-gzipped-truncated",
            "arc",
            lambda t: [
                (
                    f"{t}-c.arc.gz",
                    gzip.compress(arc_file([(f"https://tally.example/{t}/5", html_page(t, 5).encode())]))[:-40],
                ),
                (f"{t}-ok.txt", text_article(t)),
            ],
            "either",
        ),
    ]


def _gzip_kinds() -> list[Kind]:
    f = "gzip"
    return [
        Kind(
            "gzip-bomb", f, lambda t: [(f"{t}-bomb.jsonl.gz", gzip_bomb()), (f"{t}-ok.txt", text_article(t))], "refuse"
        ),
        Kind(
            "gzip-truncated",
            f,
            lambda t: [
                (f"{t}-cut.jsonl.gz", gzip.compress(jline(t, 5).encode())[:-12]),
                (f"{t}-ok.txt", text_article(t)),
            ],
            "refuse",
        ),
        Kind(
            "gzip-nested-three",
            f,
            lambda t: [(f"{t}-n.jsonl.gz", gzip.compress(gzip.compress(gzip.compress(jline(t).encode()))))],
            "either",
            0,
        ),
        Kind(
            "gzip-trailing-garbage",
            f,
            lambda t: [(f"{t}-g.jsonl.gz", gzip.compress(jline(t).encode()) + b"\x01garbage")],
            "either",
            0,
        ),
        Kind(
            "gzip-empty", f, lambda t: [(f"{t}-e.gz", gzip.compress(b"")), (f"{t}-ok.txt", text_article(t))], "refuse"
        ),
        Kind(
            "gzip-multi-member",
            f,
            lambda t: [
                (f"{t}-m.jsonl.gz", gzip.compress((jline(t, 1) + "\n").encode()) + gzip.compress(jline(t, 2).encode()))
            ],
            "accept",
            2,
        ),
        Kind(
            "gzip-of-zip",
            f,
            lambda t: [(f"{t}-z.gz", gzip.compress(zipped([("a.jsonl", jline(t).encode())])))],
            "either",
            0,
        ),
        Kind(
            "gzip-header-only",
            f,
            lambda t: [(f"{t}-h.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), (f"{t}-ok.txt", text_article(t))],
            "refuse",
        ),
    ]


def _form_kinds() -> list[Kind]:
    """The upload form's own fields (feed URL, date, sources) and the command's arguments."""
    f = "form"

    def ok(tag: str) -> Files:
        return [(f"{tag}-ok.txt", text_article(tag))]

    def kind(name: str, form: dict, args: tuple[str, ...], expect: str = "refuse", valid: int = 0) -> Kind:
        return Kind(name, f, ok, expect, valid, form=form, args=args)

    return [
        kind("form-feed-url-file-scheme", {"feed_url": "file:///etc/passwd"}, ("--feed-url", "file:///etc/passwd")),
        kind("form-feed-url-javascript", {"feed_url": "javascript:alert(1)"}, ("--feed-url", "javascript:alert(1)")),
        kind(
            "form-feed-url-loopback",
            {"feed_url": "http://127.0.0.1:9149/feed.xml"},
            ("--feed-url", "http://127.0.0.1:9149/f"),
        ),
        kind(
            "form-feed-url-ipv6-loopback",
            {"feed_url": "http://[::1]:9149/feed"},
            ("--feed-url", "http://[::1]:9149/feed"),
        ),
        kind(
            "form-feed-url-metadata",
            {"feed_url": "http://169.254.169.254/latest/"},
            ("--feed-url", "http://169.254.169.254/"),
        ),
        kind("form-feed-url-private-10", {"feed_url": "http://10.1.2.3/rss"}, ("--feed-url", "http://10.1.2.3/rss")),
        kind(
            "form-feed-url-decimal-ip", {"feed_url": "http://2130706433/rss"}, ("--feed-url", "http://2130706433/rss")
        ),
        kind("form-feed-url-gopher", {"feed_url": "gopher://127.0.0.1:70/"}, ("--feed-url", "gopher://127.0.0.1:70/")),
        kind("form-published-impossible", {"published": "2024-02-30"}, ("--published", "2024-02-30")),
        kind("form-published-year-10000", {"published": "10000-01-01"}, ("--published", "10000-01-01")),
        kind("form-url-not-http", {"url": "javascript:alert(1)"}, ("--url", "javascript:alert(1)"), "either", 0),
        kind("form-source-huge", {"source": "S" * 5000}, ("--source", "S" * 5000), "either", 0),
        Kind(
            "form-file-sources-malformed",
            f,
            ok,
            "refuse",
            0,
            form={"file_sources": "no colon here\n:\n"},
            command_expect="accept",
        ),
        kind("form-source-xss", {"source": XSS}, ("--source", XSS), "accept", 1),
    ]


def file_kinds() -> list[Kind]:
    kinds = [
        *_jsonl_kinds(),
        *_array_kinds(),
        *_text_kinds(),
        *_html_kinds(),
        *_feed_kinds(),
        *_zip_kinds(),
        *_warc_kinds(),
        *_gzip_kinds(),
        *_form_kinds(),
    ]
    names = [k.name for k in kinds]
    assert len(names) == len(set(names)), "kind names are unique"
    return kinds


KINDS = file_kinds()


# --- hostile addresses ----------------------------------------------------------------------------

HOSTILE_VALUES = {
    "nul": "%00",
    "nul-inside": "ke%00nya",
    "controls": "%01%02%1B%7F",
    "lone-surrogate-utf8": "%ED%A0%80",
    "invalid-utf8": "%FF%FE%C3",
    "overlong-utf8": "%C0%AF",
    "huge-number": "9" * 5000,
    "negative": "-1",
    "minus-zero": "-0",
    "float": "1.5e308",
    "infinity": "Infinity",
    "nan": "NaN",
    "arabic-digits": "%D9%A3",
    "long-string": "a" * 20_000,
    "sql": "%27%3B+DROP+TABLE+articles_article%3B--",
    "xss": "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    "rtl": "%E2%80%AE" * 200,
    "zero-width": "%E2%80%8B" * 300,
    "combining": "a" + "%CC%81" * 2000,
    "path-traversal": "..%2F..%2Fetc%2Fpasswd",
    "brackets": "%5B%5D%7B%7D",
    "date-impossible": "2024-02-30",
    "date-year-10000": "10000-01-01",
    "date-year-0": "0000-01-01",
    "date-9999": "9999-12-31",
    "date-0001": "0001-01-01",
    "date-offset": "2024-03-05T10%3A00%2B25%3A00",
    "empty": "",
    "spaces": "+++",
    "percent-garbage": "%ZZ%",
    "query-operators": "%28%28%28a+OR+b~9+AND+NOT+%2A%3F%22",
    "crlf": "x%0D%0ASet-Cookie%3A+a%3D1",
}
PARAMS = [
    "q",
    "page",
    "sort",
    "year",
    "month",
    "country",
    "topic",
    "lang",
    "person",
    "org",
    "source",
    "section",
    "format",
    "size",
    "from",
    "to",
    "facets",
    "limit",
    "all",
    "phrase",
    "any",
    "none",
    "bom",
    "token",
    "cursor",
]
ENDPOINTS = [
    "/",
    "/api/search/",
    "/feeds/search/",
    "/feeds/search/atom/",
    "/suggest/",
    "/export/search.csv",
    "/export/search.jsonl",
    "/advanced/",
    "/countries/KE/",
    "/topics/medtop:20000568/",
    "/feeds/latest/",
    "/opensearch.xml",
]

# Hostile addresses themselves (paths), each a kind.
HOSTILE_PATHS = [
    "/articles/99999999999999999999999/",
    "/articles/0/",
    "/articles/-1/",
    "/articles/1%00/",
    "/articles/%ED%A0%80/",
    "/countries/%00/",
    "/countries/" + "Z" * 5000 + "/",
    "/countries/%3Cscript%3E/",
    "/countries/..%2F..%2Fetc/",
    "/topics/%ED%A0%80/",
    "/topics/medtop:" + "9" * 5000 + "/",
    "/feeds/countries/%00/",
    "/feeds/topics/%FF/atom/",
    "/api/articles/99999999999999999999999/",
    "/api/%00",
    "/api/" + "x" * 5000,
    "/api/articles/1/%3Cscript%3E",
    "/%ED%A0%80",
    "/..%2F..%2Fetc%2Fpasswd",
    "/static/..%2F..%2Fsettings.py",
    "/alerts/unsubscribe/%00/",
    "/alerts/unsubscribe/" + "a" * 3000 + "/",
    "/feeds/saved/%3Cscript%3E/",
    "/account/searches/99999999999999999999/open/",
]


def web_kinds() -> list[tuple[str, str]]:
    """(kind name, address): every parameter with every hostile value, on endpoints taken in turn (each
    parameter meets every endpoint across its values), plus the hostile paths."""
    out = []
    n = 0
    for p, param in enumerate(PARAMS):
        for v, (value_name, value) in enumerate(HOSTILE_VALUES.items()):
            if param != "q" and (v + p) % 3:
                continue  # a third of the values per parameter (all of them for q), each on its own endpoint
            endpoint = ENDPOINTS[n % len(ENDPOINTS)]
            n += 1
            out.append((f"{param}={value_name} on {endpoint}", f"{endpoint}?{param}={value}"))
    # Repeated and combined parameters.
    out.append(
        ("every facet 500 times", "/?" + "&".join(f"{p}=x{i}" for i in range(500) for p in ("country", "person")))
    )
    out.append(("deep page, largest size", "/?q=the&page=1000000&size=100"))
    out.append(("deep api page", "/api/search/?q=a*&page=99999&size=100"))
    out.append(("from after to, both hostile", "/?from=9999-12-31&to=0001-01-01&year=0"))
    out.append(("excluded everything", "/?country=-KE&country=-%00&topic=-x&lang=-%FF"))
    out.append(("a thousand-term query", "/?q=" + "+OR+".join(f"w{i}*" for i in range(1000))))
    out.append(("a thousand parentheses", "/?q=" + "%28" * 1000 + "a" + "%29" * 1000))
    out.append(("fuzzy flood", "/api/search/?q=" + "+".join(f"word{i}~2" for i in range(40))))
    for path in HOSTILE_PATHS:
        out.append((f"path {path[:40]}", path))
    return out


# --- what the archive holds afterwards (run in the test's process, or in a manage.py shell) --------

TAG = r"(?<![A-Za-z0-9])([uc]\d{3})"  # a kind's tag in a file name or a title


def archive_state(channel: str) -> dict:
    """Apply every queued job (imports in the background, index jobs) as the workers would, then report:
    which markers are stored and with which countries, every batch with its report, failed jobs, and
    check_index's exit status. Needs Django set up."""
    import contextlib
    import re

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from articles.models import Article, ImportBatch

    errors = []
    for _ in range(1000):
        pending = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
        if not pending:
            break
        for result in pending:
            result.claim("hostile-tally")
            task_result = result.task_result
            try:
                value = result.task.call(*task_result.args, **task_result.kwargs)
            except Exception as exc:  # noqa: BLE001 - a job that raises is a finding, not a crash of the tally
                result.set_failed(exc)
                errors.append(f"{type(exc).__name__}: {exc}"[:300])
            else:
                result.set_successful(value)
    markers: dict[str, list[str]] = {}
    pattern = re.compile(TAG[:-1] + r"v\d+)")
    for article in Article.objects.filter(title__contains="Harbour notice").prefetch_related("countries"):
        for marker in pattern.findall(article.title):
            if marker.startswith(channel):
                markers[marker] = sorted(c.country_id for c in article.live_countries())
    batches = [
        {
            "id": b.id,
            "status": b.status,
            "files": b.files,
            "message": b.message,
            "report": [{k: line.get(k) for k in ("status", "file", "error", "warning")} for line in b.report or []],
        }
        for b in ImportBatch.objects.order_by("id")
    ]
    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            call_command("check_index", stdout=out, stderr=out)
        except SystemExit as exc:
            code = int(exc.code or 0)
    failed_jobs = DBTaskResult.objects.filter(status="FAILED").count()
    return {
        "markers": markers,
        "batches": batches,
        "job_errors": errors,
        "failed_jobs": failed_jobs,
        "check_index": code,
        "check_output": out.getvalue()[-500:],
    }
