"""Requests that cannot be served get a clear 4xx answer here, before any view or database sees them.

- A NUL character in the path or the query string: PostgreSQL cannot hold one in a query parameter
  ("A string literal cannot contain NUL"), so a lookup with it would be a 500. No URL of ours has one
  in its path (404). In parameters, the JSON endpoints refuse it (400, as they refuse any bad value);
  pages, feeds and exports forgive bad values, so for them the NUL characters are simply removed.
- A POST larger than the documented upload limit, or with more files than the upload form takes:
  Django would answer a bare "Bad Request (400)" while reading the body (in the CSRF check, before the
  view); the upload page gets its form back with the reason instead, other pages a plain 400 that says why.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict

NUL = "\x00"
JSON_PATHS = ("/api/", "/suggest/")


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            return self._refuse(request, 404, "No such page.")
        if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
            if request.path.startswith(JSON_PATHS):
                return self._refuse(request, 400, "A parameter holds a NUL character, which no parameter may contain.")
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
            request.META["QUERY_STRING"] = cleaned.urlencode()
            cleaned._mutable = False
            request.GET = cleaned
        if request.method == "POST":
            problem = self._read_body(request)
            if problem:
                if request.path.startswith("/admin/") and getattr(request, "_messages", None) is not None:
                    # Back to the same form, saying why (the form itself never saw the request).
                    messages.error(request, problem)
                    return HttpResponseRedirect(request.get_full_path(), status=303)
                return self._refuse(request, 400, problem)
        return self.get_response(request)

    @staticmethod
    def _read_body(request: HttpRequest) -> str:
        """Read the POST body now (what the CSRF check would do), turning Django's limits into words."""
        limit_mb = settings.NEWSARCHIVE_MAX_UPLOAD_BYTES // 1_000_000
        try:
            request.POST  # noqa: B018 - parses the body, files included
            request.FILES  # noqa: B018
        except RequestDataTooBig:
            return f"The upload is larger than the limit of {limit_mb} MB at once: send it in parts, or as files."
        except TooManyFilesSent:
            return (
                f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files can be uploaded at once: "
                "send the rest in another upload, or put them in a ZIP archive."
            )
        except TooManyFieldsSent:
            return f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
        except BadRequest:
            return "The request body could not be read."
        return ""

    @staticmethod
    def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
        if request.path.startswith(JSON_PATHS) and NUL not in request.path:
            return JsonResponse({"error": {"status": status, "message": message}}, status=status)
        if status == 404:
            raise Http404(message)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
