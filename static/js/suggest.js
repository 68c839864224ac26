// Autocomplete for the search box from /suggest/ (OpenSearch Suggestions JSON), as an ARIA 1.2 combobox:
// Down/Up move through the list, Enter picks, Escape closes. Without JavaScript the box is a plain box.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var form = input && input.form;
  if (!input || !form || !form.dataset.suggest) return;

  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var active = -1, timer = null, latest = 0;

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  function pick(text) {
    input.value = text;
    close();
    form.requestSubmit(); // the same search as pressing Enter (htmx takes it when it is loaded)
  }

  function show(words) {
    list.textContent = "";
    active = -1;
    words.forEach(function (word, i) {
      var item = document.createElement("li");
      item.id = "q-suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = word;
      // mousedown, not click: the box must not lose focus (and close the list) first.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(word); });
      list.appendChild(item);
    });
    list.hidden = !words.length;
    input.setAttribute("aria-expanded", words.length ? "true" : "false");
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) { close(); return; }
    var ticket = ++latest;
    fetch(form.dataset.suggest + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : [text, []]; })
      .then(function (data) {
        if (ticket !== latest || document.activeElement !== input) return; // an answer to an older prefix
        show((data[1] || []).filter(function (w) { return w.toLowerCase() !== text.toLowerCase(); }).slice(0, 8));
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown" && open) { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp" && open) { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape" && open) { event.preventDefault(); close(); }
    else if (event.key === "Enter" && open && active >= 0) { event.preventDefault(); pick(options()[active].textContent); }
  });
  input.addEventListener("blur", close);
  form.addEventListener("submit", close);
})();
