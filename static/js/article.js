// The article page: a tag's "show in the text" link highlights all its mentions and scrolls to the first.
// Without JavaScript the link still jumps to the first mention (and :target marks it).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.show-evidence[data-tag]");
    if (!link) return;
    var marks = document.querySelectorAll("mark.evidence[data-tag='" + link.dataset.tag + "']");
    if (!marks.length) return;
    event.preventDefault();
    document.querySelectorAll("mark.evidence.active").forEach(function (m) { m.classList.remove("active"); });
    document.querySelectorAll("a.show-evidence[aria-pressed]").forEach(function (a) { a.removeAttribute("aria-pressed"); });
    marks.forEach(function (m) { m.classList.add("active"); });
    link.setAttribute("aria-pressed", "true");
    var first = marks[0];
    first.setAttribute("tabindex", "-1");
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + first.id);
  });
})();
