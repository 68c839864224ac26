// The world map: colours come from classes on the page (they work without JavaScript, through <use>).
// With JavaScript, the cached SVG is inlined once so that clicking a country filters by it; each country
// with matches gets its name and count as its title and a pointer, and only those respond to clicks.
(function () {
  "use strict";
  var cache = {};

  function links(figure) {
    var data = figure.querySelector("script[type='application/json']");
    return data ? JSON.parse(data.textContent) : {};
  }

  // The search with this country added to (or, when chosen already, removed from) its filters.
  function toggled(query, code) {
    var params = new URLSearchParams(query);
    var chosen = params.getAll("country");
    params.delete("country");
    params.delete("page");
    var kept = chosen.filter(function (c) { return c !== code; });
    if (kept.length === chosen.length) kept.push(code);
    kept.forEach(function (c) { params.append("country", c); });
    var qs = params.toString();
    return window.location.pathname + (qs ? "?" + qs : "");
  }

  function inline(figure) {
    var svg = figure.querySelector("svg.worldmap");
    var use = svg && svg.querySelector("use");
    if (!use || figure.dataset.inlined) return;
    var src = figure.dataset.src;
    figure.dataset.inlined = "1";
    var got = cache[src] || (cache[src] = fetch(src).then(function (r) { return r.text(); }));
    got.then(function (text) {
      // The file's style attributes colour it inside <use>; parsed into this page, the CSP would refuse each
      // one (world.css colours the inlined shapes instead): drop them before parsing.
      var doc = new DOMParser().parseFromString(text.replace(/ style="[^"]*"/g, ""), "image/svg+xml");
      var world = doc.getElementById("world");
      if (!world) return;
      var matches = links(figure);
      world.querySelectorAll("[data-code]").forEach(function (country) {
        var info = matches[country.dataset.code];
        var title = country.querySelector("title");
        if (!info) { if (title) title.remove(); return; }
        country.classList.add("has-matches");
        if (title) title.textContent = info[0] + ": " + info[1] + " article" + (info[1] === 1 ? "" : "s");
      });
      use.replaceWith(document.importNode(world, true));
      svg.addEventListener("click", function (event) {
        var country = event.target.closest("[data-code]");
        if (!country || !matches[country.dataset.code]) return;
        window.location.assign(toggled(figure.dataset.query || "", country.dataset.code));
      });
    });
  }

  function init() {
    document.querySelectorAll("figure.map[data-src]").forEach(inline);
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
