// The archive's search. On every page: shows the search box, which stays
// hidden where JavaScript does not run (it could do nothing there). On the
// search page: loads elasticlunr.js and the index the archive wrote
// (suche/index.json) and lists the pages that match the query `?q=`.
(function () {
  "use strict";
  document.querySelectorAll("form.search").forEach(function (form) {
    form.hidden = false;
  });
  var results = document.getElementById("search-results");
  if (!results) {
    return;
  }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  document.querySelectorAll("input[name=q]").forEach(function (input) {
    input.value = query;
  });
  if (!query) {
    return;
  }
  var status = document.getElementById("search-status");

  // As the archive indexed the words (src/archive.rs, AnyLanguage): stripped
  // of everything but letters and digits at either end, in any alphabet;
  // elasticlunr.js's own trimmer would strip "ß" or "ą".
  function trimmer(token) {
    return token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  function show(data) {
    elasticlunr.Pipeline.registerFunction(trimmer, "trimmer");
    var index = elasticlunr.Index.load(data.index);
    var hits = index.search(query, {
      fields: { title: { boost: 3 }, body: { boost: 1 } },
      bool: "AND",
      expand: true
    });
    status.textContent = hits.length
      ? results.dataset.found + ": " + hits.length
      : results.dataset.none;
    hits.forEach(function (hit) {
      var page = data.pages[hit.ref];
      if (!page) {
        return;
      }
      var item = document.createElement("li");
      item.lang = page.lang;
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = hit.ref;
      link.textContent = page.title;
      heading.appendChild(link);
      var about = document.createElement("p");
      about.className = "meta";
      about.textContent = page.about;
      item.appendChild(heading);
      item.appendChild(about);
      results.appendChild(item);
    });
  }

  var engine = document.createElement("script");
  engine.src = results.dataset.engine;
  engine.onload = function () {
    fetch(results.dataset.index)
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { status.textContent = results.dataset.none; });
  };
  document.head.appendChild(engine);
})();
