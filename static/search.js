/* Search the edition with no server: the build writes search-index.js (window.EDITION_SEARCH); this script
   matches every typed word (case and accents ignored) against each turn, paragraph, heading, entry and note,
   and lists the hits as links to their anchors. Results are built with textContent only (no HTML from data). */
(function () {
  "use strict";
  var data = window.EDITION_SEARCH || { documents: [], entries: [] };
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) { return; }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // data.entries[n]: the entries of document n, each [anchor, label, text]; flattened to [n, anchor, label, text]
  var entries = [];
  data.entries.forEach(function (list, n) {
    list.forEach(function (e) { entries.push([n, e[0], e[1], e[2]]); });
  });
  var folded = entries.map(function (e) { return fold(e[3]); });

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + word.length + 100);
    return { before: (start > 0 ? "…" : "") + text.slice(start, at), hit: text.slice(at, at + word.length),
             after: text.slice(at + word.length, end) + (end < text.length ? "…" : "") };
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(function (w) { return w.length > 0; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (query.trim().length < 2) { status.textContent = ""; return; }
    var hits = [];
    folded.forEach(function (text, i) {
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) { hits.push(entries[i]); }
    });
    status.textContent = hits.length + (hits.length === 1 ? " place found" : " places found");
    hits.slice(0, 200).forEach(function (e) {
      var doc = data.documents[e[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = encodeURI(doc[0]) + ".html#" + encodeURIComponent(e[1]);
      a.textContent = doc[1];
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = " — " + [doc[2], e[2]].filter(Boolean).join(", ");
      var p = document.createElement("p");
      var s = snippet(e[3], words[0]);
      var mark = document.createElement("mark");
      mark.textContent = s.hit;
      p.appendChild(document.createTextNode(s.before));
      p.appendChild(mark);
      p.appendChild(document.createTextNode(s.after));
      li.appendChild(a);
      li.appendChild(where);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  var form = input.form;
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      show(input.value);
    });
  }
  input.addEventListener("input", function () { show(input.value); });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); show(input.value); }
}());
