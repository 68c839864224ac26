// Keeps the search box in step with the results that htmx swaps in (progressive enhancement: without
// JavaScript the form and every link are ordinary GETs).
(function () {
  "use strict";

  function box() { return document.getElementById("q"); }

  // The box and the sort menu show what the URL says: after a "did you mean" click, a facet click, or
  // Back/Forward (htmx restores its snapshot of the page, whose inputs hold their *initial* values).
  function syncFromUrl(force) {
    var q = box();
    if (!q) return;
    var params = new URLSearchParams(window.location.search);
    // While the reader is typing, a response for an earlier keystroke must not overwrite newer text.
    if (force || document.activeElement !== q) q.value = params.get("q") || "";
    var sort = document.getElementById("sort");
    if (sort) sort.value = params.get("sort") || "relevance";
  }

  // A link inside the results (facet, page, chip) was rendered for the query of its page; if the reader
  // has typed since, carry the box's text along instead of dropping it (issue 14: a facet clicked while a
  // live search was pending was lost).
  document.addEventListener("htmx:configRequest", function (event) {
    var q = box();
    var source = event.detail.elt;
    if (!q || !source || source.tagName !== "A" || !source.closest("#results")) return;
    if (source.dataset.keepQuery === "false") return; // "did you mean" sets its own query
    var url = new URL(event.detail.path, window.location.href);
    if (url.pathname !== window.location.pathname) return;
    if ((url.searchParams.get("q") || "") === q.value.trim()) return;
    if (q.value.trim()) url.searchParams.set("q", q.value.trim()); else url.searchParams.delete("q");
    url.searchParams.delete("page"); // a new query starts on its first page
    event.detail.path = url.pathname + url.search;
  });

  // The filters are a disclosure (closed on a phone): a swap of the results keeps it as the reader left it.
  var filtersOpen = null;
  function filters() { return document.getElementById("filters"); }
  function openOnWideScreens() {
    var d = filters();
    // Browsers without ::details-content cannot show a closed disclosure's content by CSS alone.
    if (d && !CSS.supports("selector(::details-content)") && window.matchMedia("(min-width: 721px)").matches) d.open = true;
  }
  document.addEventListener("htmx:beforeSwap", function () { var d = filters(); filtersOpen = d ? d.open : null; });
  document.addEventListener("click", function (event) {
    var jump = event.target.closest("a.jump");
    if (jump && filters()) filters().open = true;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "results") {
      syncFromUrl(false);
      if (filtersOpen && filters()) filters().open = true;
      openOnWideScreens();
    }
  });
  document.addEventListener("DOMContentLoaded", openOnWideScreens);
  document.addEventListener("htmx:historyRestore", function () { syncFromUrl(true); });
  window.addEventListener("pageshow", function () { syncFromUrl(true); });

  // A loading indicator for live search: the results are dimmed and announced as busy while a request
  // is in flight (htmx adds .htmx-request to the element that issued it).
  document.addEventListener("htmx:beforeRequest", function () {
    var results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function () {
    var results = document.getElementById("results");
    if (results) results.removeAttribute("aria-busy");
  });
})();
