// The world map: colours come from classes on the page (they work without JavaScript, through <use>).
// With JavaScript, the cached SVG is inlined once so that clicking a country filters by it.
(function () {
  "use strict";
  var cache = {};

  function links(figure) {
    var data = figure.querySelector("script[type='application/json']");
    return data ? JSON.parse(data.textContent) : {};
  }

  function inline(figure) {
    var svg = figure.querySelector("svg.worldmap");
    var use = svg && svg.querySelector("use");
    if (!use || figure.dataset.inlined) return;
    var src = figure.dataset.src;
    figure.dataset.inlined = "1";
    var got = cache[src] || (cache[src] = fetch(src).then(function (r) { return r.text(); }));
    got.then(function (text) {
      var doc = new DOMParser().parseFromString(text, "image/svg+xml");
      var world = doc.getElementById("world");
      if (!world) return;
      use.replaceWith(document.importNode(world, true));
      svg.addEventListener("click", function (event) {
        var country = event.target.closest("[data-code]");
        var url = country && links(figure)[country.dataset.code];
        if (url) window.location.assign(url);
      });
    });
  }

  function init() {
    document.querySelectorAll("figure.map[data-src]").forEach(inline);
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
