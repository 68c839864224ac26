"""Download a feed (or page) given by URL in the upload form or a management command.

The URL comes from a user, so the fetch is guarded against server-side request forgery: http and
https only, and the address actually connected to - after DNS resolution, on every redirect - must
be a public one unless ``allow_private`` is given. The check runs inside the connection itself,
so a host name that resolves differently between a check and the connect (DNS rebinding) cannot
slip through. Size and time are limited while streaming, not trusted from the headers.

A charset in the response's Content-Type wins over what the document says of itself (RFC 7303 for
XML, the WHATWG encoding rules for HTML) and over detection, as a WARC record's HTTP header does:
the body is decoded with it (by the project's decoder, so UTF-8 bytes under a stale legacy label
stay UTF-8) and handed on as UTF-8 behind a byte-order mark, which every reader takes first.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from articles.extraction.decoding import DecodeError, decode_bytes

__all__ = ["FetchError", "fetch_url"]

_SCHEMES = frozenset({"http", "https"})
_MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_USER_AGENT = "newsarchive-fetch/1.0 (+feed import)"


class FetchError(ValueError):
    """The URL could not be fetched; the message says why, for the person who gave the URL."""


def fetch_url(
    url: str, *, timeout: float = 15, max_bytes: int = 20_000_000, allow_private: bool = False
) -> tuple[bytes, str]:
    """GET ``url`` and return (body, final URL after redirects). Raises FetchError.

    A text body whose Content-Type declares a charset is returned as UTF-8 with a byte-order mark.
    ``timeout`` bounds each network wait and the whole download; ``max_bytes`` bounds the body.
    ``allow_private`` permits loopback/private/link-local addresses (tests, intranet feeds).
    """
    _check_scheme(url)
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),  # environment proxies would bypass the address check
        _GuardedHTTPHandler(allow_private),
        _GuardedHTTPSHandler(allow_private),
        _RedirectHandler(),
    )
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})  # noqa: S310 - scheme checked
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            media_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or ""
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: the response is {int(declared):,} bytes; the limit is {max_bytes:,}")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: the download took longer than {timeout:g} seconds")
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: the response is larger than the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {_reason(exc.reason, timeout)}") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError(f"{url}: the connection failed ({exc})") from None
    return _declared_charset_applied(b"".join(chunks), media_type, charset), final_url


# Bodies that are not text whatever the header says: archives, gzip (an undone Content-Encoding), BOMs.
_BINARY_STARTS = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"WARC/", b"filedesc://")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _declared_charset_applied(body: bytes, media_type: str, charset: str) -> bytes:
    """``body`` as UTF-8 with a BOM when the header declared its charset; else unchanged."""
    textual = media_type.startswith("text/") or media_type.endswith(("xml", "json", "ndjson", "jsonl"))
    if not charset or not textual or body.startswith(_BINARY_STARTS + _BOMS):
        return body
    try:
        text = decode_bytes(body, unicode_newlines=False, declared=charset).text
    except DecodeError:
        return body  # not text after all: the reader says why
    return codecs.BOM_UTF8 + text.encode("utf-8")


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise FetchError(f"{url}: only http and https URLs can be fetched, not {shown}")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host name")


def _reason(reason: Any, timeout: float) -> str:
    if isinstance(reason, _BlockedAddressError):
        return str(reason)
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, socket.gaierror):
        return "the host name could not be resolved"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    return f"the connection failed ({reason})"


class _BlockedAddressError(OSError):
    """Raised inside the connection; urllib wraps it in URLError, whose reason we report."""


def _guarded_connect(allow_private: bool) -> Callable[..., socket.socket]:
    # A replacement for socket.create_connection that checks each resolved address first.
    def create_connection(address: tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
        host, port = address
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        last_error: OSError | None = None
        for family, socktype, proto, _name, sockaddr in infos:
            ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
            if not allow_private and not _is_public(ip):
                raise _BlockedAddressError(
                    f"{host} resolves to {ip}, a private or local address; only public addresses can be fetched"
                )
            sock = socket.socket(family, socktype, proto)
            try:
                if timeout is not None and timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                # Connect to the address just checked, not to the name (which could re-resolve).
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                last_error = exc
                continue
            return sock
        raise last_error or OSError(f"cannot connect to {host}")

    return create_connection


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


class _GuardedHTTPConnection(http.client.HTTPConnection):
    allow_private = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connect(self.allow_private)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    allow_private = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # HTTPSConnection.connect() calls HTTPConnection.connect() (which uses this) and then
        # wraps the socket with TLS for the original host name, so certificates still verify.
        self._create_connection = _guarded_connect(self.allow_private)


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._conn = type("_Conn", (_GuardedHTTPConnection,), {"allow_private": allow_private})

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._conn, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._conn = type("_Conn", (_GuardedHTTPSConnection,), {"allow_private": allow_private})

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._conn, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = _MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        # A redirect to file:, ftp: or data: is refused like a URL given directly; the address
        # of an http(s) target is checked when its connection is made.
        _check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
