/* The search page: Pagefind (run on the built pages by `pipeline html`) finds whole words, phrases in quotes and,
   through the pages' folded copies, names typed without accents (Le Duc Tho → Lê Đức Thọ); it loads only the parts
   of the index a query needs. Filters by kind of source, year and speaker. The query and filters are kept in the
   address (?q=…&kind=…), so a search can be linked and opened again. Results are built with textContent and
   elements made here (the excerpts' <mark> only); nothing from the index runs as HTML.
   From file:// the browser refuses to load the index: the page then says how to serve the edition. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var box = document.getElementById("search-filters");
  if (!input || !status || !list || !box) { return; }
  var FACETS = ["kind", "year", "speaker"];
  var params = new URLSearchParams(window.location.search);

  if (window.location.protocol === "file:") {
    var served = document.getElementById("search-served");
    if (served) { served.hidden = false; }
    status.textContent = box.dataset.needsServer || "";
    return;
  }

  function chosen() {
    var filters = {};
    FACETS.forEach(function (name) {
      var select = document.getElementById("filter-" + name);
      if (select && select.value) { filters[name] = select.value; }
    });
    return filters;
  }

  function remember(query, filters) {
    var p = new URLSearchParams();
    if (query) { p.set("q", query); }
    FACETS.forEach(function (name) { if (filters[name]) { p.set(name, filters[name]); } });
    var s = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : ""));
  }

  function excerpt(html) {
    // the excerpt's text and its <mark>s, nothing else (DOMParser documents run no script, load nothing)
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("p");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === 3) { p.appendChild(document.createTextNode(node.textContent)); }
      else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else { p.appendChild(document.createTextNode(node.textContent)); }
    });
    return p;
  }

  // the query without accents, as the pages' folded copies have the words (xslt/common.xsl f:fold)
  function fold(text) {
    var map = { "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i",
                "þ": "t", "Þ": "T", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE" };
    return text.normalize("NFD").replace(/\p{Mn}+/gu, "").replace(/[đĐðÐøØłŁıþÞßæÆœŒ]/g, function (c) { return map[c]; });
  }

  var pagefind = null;
  var latest = 0;
  // Each result's excerpt and title is a fragment of the index (a few KB, the whole text of its page): a page of
  // results loads PAGE of them, and the next PAGE only when the end of the list comes into view.
  var PAGE = 10;
  var more = ("IntersectionObserver" in window) ? new IntersectionObserver(function (seen) {
    if (seen.some(function (e) { return e.isIntersecting; }) && showMore) { showMore(); }
  }) : null;
  var showMore = null;

  function item(page) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = page.url;
    a.textContent = (page.meta && page.meta.title) || page.url;
    li.appendChild(a);
    if (page.meta && page.meta.date) {
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = " — " + page.meta.date;
      li.appendChild(where);
    }
    li.appendChild(excerpt(page.excerpt || ""));
    return li;
  }

  function show(query) {
    var filters = chosen();
    remember(query, filters);
    var n = ++latest;
    showMore = null;
    if (!pagefind) { return; }
    if (!query.trim()) {
      // No words: nothing to search. A filter alone would make Pagefind fetch every chunk of the index (31 MB at
      // 10,000 documents: docs/bench.md, issue 23), so the filters narrow a search for words only.
      while (list.firstChild) { list.removeChild(list.firstChild); }
      status.textContent = Object.keys(filters).length ? box.dataset.needsWords || "" : "";
      return;
    }
    pagefind.search(fold(query.trim()), { filters: filters }).then(function (found) {
      if (n !== latest) { return; }
      var results = found.results;
      var shown = 0;
      var loading = false;
      var said = (results.length === 1 ? box.dataset.foundOne : box.dataset.foundMany || "")
        .replace("{1}", String(results.length));
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!results.length) { status.textContent = said; }
      showMore = function () {
        if (loading || shown >= results.length) { return; }
        loading = true;
        var next = results.slice(shown, shown + PAGE);
        shown += next.length;
        Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
          if (n !== latest) { return; }
          pages.forEach(function (page) { list.appendChild(item(page)); });
          status.textContent = said;  // with the first page of results, not before it
          loading = false;
          if (more) {
            more.disconnect();
            if (shown < results.length) { more.observe(list.lastElementChild); }
          }
        });
      };
      showMore();
    });
  }

  function addFilters(available) {
    FACETS.forEach(function (name) {
      var values = available[name] || [];
      if (!values.length) { return; }
      var label = document.createElement("label");
      label.htmlFor = "filter-" + name;
      label.textContent = box.dataset["label" + name.charAt(0).toUpperCase() + name.slice(1)] || name;
      var select = document.createElement("select");
      select.id = "filter-" + name;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = box.dataset.any || "";
      select.appendChild(any);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
      if (params.get(name) && values.indexOf(params.get(name)) >= 0) { select.value = params.get(name); }
      select.addEventListener("change", function () { show(input.value); });
      var span = document.createElement("span");
      span.className = "filter";
      span.appendChild(label);
      span.appendChild(select);
      box.appendChild(span);
    });
  }

  if (input.form) {
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); });
  }
  input.addEventListener("input", function () { show(input.value); });
  if (params.get("q")) { input.value = params.get("q"); }

  import("./pagefind/pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: new URL(".", window.location.href).pathname, excerptLength: 24 });
  }).then(function () {
    // the build merges its batches into one bundle (pipeline/search_merge.py); with a Pagefind whose format it does
    // not read, the first is ./pagefind/ and the others are listed in ./pagefind/batches.json, merged here
    return fetch("./pagefind/batches.json").then(function (r) { return r.ok ? r.json() : []; }).then(function (more) {
      return Promise.all(more.map(function (dir) {
        return pagefind.mergeIndex(new URL("./pagefind/" + dir, window.location.href).pathname,
                                   { baseUrl: new URL(".", window.location.href).pathname });
      }));
    });
  }).then(function () {
    // the filters' values, written by the build (pipeline/search_merge.py): Pagefind's own filters() would fetch
    // every filter chunk (80 KB at 10,000 documents) on opening; a search fetches the one it uses
    return fetch("./pagefind/filters.json").then(function (r) { return r.ok ? r.json() : null; }).then(function (v) {
      return v || pagefind.filters().then(function (available) {
        var values = {};
        Object.keys(available).forEach(function (name) { values[name] = Object.keys(available[name]).sort(); });
        return values;
      });
    });
  }).then(function (values) {
    addFilters(values);
    show(input.value);
  }).catch(function () {
    status.textContent = box.dataset.noIndex || "";
  });
}());
