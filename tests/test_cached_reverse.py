"""``cached_reverse`` gives what ``reverse`` gives: article ids put into the URL's template, other
arguments remembered, under any script prefix."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from articles.models import cached_reverse


@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_the_same_urls_as_reverse(prefix):
    set_script_prefix(prefix)
    try:
        for pk in (0, 1, 42, 98101, 2**40):
            assert cached_reverse("articles:article", pk) == reverse("articles:article", args=[pk])
            assert cached_reverse("articles:api-article", pk) == reverse("articles:api-article", args=[pk])
        for code in ("US", "GB"):
            assert cached_reverse("articles:country", code) == reverse("articles:country", args=[code])
        assert cached_reverse("articles:article", 7).startswith(prefix)
    finally:
        set_script_prefix("/")
