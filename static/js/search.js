// The static export's search: the index is JSON inside the page (a page
// opened from disk may not fetch a file), searched here without a server.
// Every word typed must be the start of a word of the card's title, topic,
// tags or text; title matches rank first.
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var SEPARATORS = /[^\p{L}\p{N}_+#.-]+/gu;

  function terms(query) {
    return query.toLowerCase().split(SEPARATORS).filter(function (term) { return term.length > 0; });
  }

  function prepare(card) {
    var title = " " + card.t.toLowerCase().replace(SEPARATORS, " ");
    var rest = " " + [card.p, card.g.join(" "), card.w].join(" ").toLowerCase().replace(SEPARATORS, " ");
    return { card: card, title: title, all: title + rest };
  }

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var needle = " " + words[i];
      if (entry.title.indexOf(needle) !== -1) total += 3;
      else if (entry.all.indexOf(needle) !== -1) total += 1;
      else return 0;
    }
    return total;
  }

  function search(entries, query) {
    var words = terms(query);
    if (!words.length) return [];
    var hits = [];
    entries.forEach(function (entry, position) {
      var points = score(entry, words);
      if (points) hits.push({ entry: entry, points: points, position: position });
    });
    hits.sort(function (a, b) { return b.points - a.points || a.position - b.position; });
    return hits.map(function (hit) { return hit.entry.card; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The same markup as a card in the site's own lists (includes/card_list_item.html).
  function item(card, root) {
    var li = element("li", "card-item");
    var link = element("a", "card-item-title", card.t);
    link.href = root + card.u;
    li.appendChild(link);
    var meta = element("div", "card-item-meta");
    var difficulty = card.d.charAt(0).toUpperCase() + card.d.slice(1);
    meta.appendChild(element("span", "badge difficulty-" + card.d, difficulty));
    meta.appendChild(element("span", "topic-name", card.p));
    card.g.forEach(function (tag) { meta.appendChild(element("span", "tag", tag)); });
    li.appendChild(meta);
    return li;
  }

  function show(found, query, list, count) {
    list.replaceChildren();
    var root = list.dataset.root || "";
    found.slice(0, MAX_RESULTS).forEach(function (card) { list.appendChild(item(card, root)); });
    if (!terms(query).length) count.textContent = "Type words from a question or its answer.";
    else if (!found.length) count.textContent = "No questions match “" + query + "”.";
    else count.textContent = found.length + " question" + (found.length === 1 ? "" : "s") +
      (found.length > MAX_RESULTS ? ", showing the best " + MAX_RESULTS : "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("search-index");
    var form = document.getElementById("export-search");
    if (!data || !form) return;
    var entries = JSON.parse(data.textContent).cards.map(prepare);
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("export-results");
    var count = document.getElementById("export-result-count");
    var run = function () { show(search(entries, input.value), input.value.trim(), list, count); };
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    if (input.value) run();
    input.focus();
  });
})();
