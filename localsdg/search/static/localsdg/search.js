/*
 * LocalSDG search on the static site.
 *
 * The server renders search results itself; this script only acts when the page came without
 * results (data-rendered="false", as in the static export) while the address has ?q=. It then
 * fetches the language's index (data-index-url, written by localsdg/search/static.py), matches
 * and ranks like the server (localsdg/search/queries.py) and builds the result list from DOM
 * nodes. No text from the index ever goes through innerHTML.
 */
(function () {
  "use strict";

  var LIMIT = 50;

  /* Query parsing: query.js, loaded first. */
  var Query = window.LocalSDGQuery;
  var normalise = Query.normalise;
  var parseQuery = Query.parseQuery;

  function rank(entry, query) {
    var tier = null;
    /* An initiative's code is its plan's own numbering: matched as text, never as an SDG code. */
    if (query.code !== null && entry.kind !== "initiative") {
      if (entry.code === query.code) tier = 0;
      else if (entry.code.indexOf(query.code + ".") === 0) tier = 1;
    }
    var words = query.textWords;
    var inText = words.length > 0 && words.every(function (w) {
      return entry.norm.indexOf(w) >= 0 || entry.body.indexOf(w) >= 0;
    });
    if (tier === null && !inText) return null;
    if (tier === null) {
      tier = words.every(function (w) { return entry.norm.indexOf(w) >= 0; }) ? 2 : 3;
    }
    var where = 0;
    var size = 0;
    if (tier >= 2) {
      var first = words[0];
      var at = entry.norm.indexOf(first);
      where = at >= 0 ? at + 1 : entry.body.indexOf(first) + 1 + 10000;
      size = entry.norm.length;
    }
    return [tier, where, size];
  }

  function compare(a, b) {
    for (var i = 0; i < 3; i++) {
      if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
    }
    return a.entry.sortKey < b.entry.sortKey ? -1 : a.entry.sortKey > b.entry.sortKey ? 1 : 0;
  }

  function entries(index) {
    var fields = index.fields;
    return index.entries.map(function (row) {
      var entry = {};
      fields.forEach(function (name, i) { entry[name] = row[i]; });
      entry.norm = normalise(entry.title);
      entry.sortKey = entry.sort_key;
      return entry;
    });
  }

  function search(index, q) {
    var query = parseQuery(q);
    var found = [];
    if (query.words.length) {
      entries(index).forEach(function (entry) {
        var r = rank(entry, query);
        if (r !== null) found.push({ entry: entry, rank: r });
      });
    }
    found.sort(compare);
    return { query: query, total: found.length, best: found.slice(0, LIMIT) };
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(label, values) {
    return label.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  /* A content text with its language; a fallback is marked like the `text` template tag. */
  function text(value, lang, pageLang, labels) {
    if (lang === pageLang) return [el("span", { lang: lang }, [value])];
    return [
      el("span", { lang: lang, class: "fallback" }, [value]),
      " ",
      el("small", { class: "fallback-note" }, [labels.fallback]),
    ];
  }

  function render(container, index, result, base) {
    var labels = index.labels;
    var lang = index.lang;
    var nodes = [];
    var count = result.total === 1 ? labels.count_one : labels.count_other;
    nodes.push(el("p", { class: "search-count", role: "status" }, [fill(count, { count: result.total })]));
    if (result.best.length < result.total) {
      nodes.push(el("p", {}, [fill(labels.shown, { shown: result.best.length, total: result.total })]));
    }
    if (result.query.short) nodes.push(el("p", { class: "search-note" }, [labels.short]));
    var groups = [];
    var byGoal = {};
    result.best.forEach(function (item) {
      var goal = String(item.entry.goal);
      if (!(goal in byGoal)) {
        byGoal[goal] = [];
        groups.push(goal);
      }
      byGoal[goal].push(item.entry);
    });
    groups.forEach(function (goal) {
      var tile = index.goals[goal];
      if (!tile) return;
      var heading = el("h2", { class: "goal-heading", id: "search-goal-" + goal }, [
        el("span", { class: "goal-swatch goal-" + goal, "aria-hidden": "true" }),
        el("a", { href: new URL(tile[2], base).href }, [
          fill(labels.goal, { number: goal }) + ": ",
          el("span", { lang: tile[1] }, [tile[0]]),
        ]),
      ]);
      var list = el("ol", { class: "search-hits" });
      byGoal[goal].forEach(function (entry) {
        var link = el("a", { href: new URL(entry.url, base).href }, [
          el("span", { class: "code" }, [entry.code]),
          " ",
        ].concat(text(entry.title, entry.title_lang, lang, labels)));
        var item = el("li", { class: "search-hit search-" + entry.kind }, [
          el("span", { class: "search-kind" }, [index.kinds[entry.kind] || entry.kind]),
          " ",
          link,
        ]);
        var org = entry.org && index.orgs[entry.org];
        if (org) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(el("span", { class: "search-org" }, text(org[0], org[1], lang, labels)));
        }
        list.appendChild(item);
      });
      nodes.push(el("section", { class: "search-group", "aria-labelledby": "search-goal-" + goal }, [heading, list]));
    });
    if (!result.best.length) nodes.push(el("p", { class: "search-none" }, [labels.none]));
    container.replaceChildren.apply(container, nodes);
  }

  function start() {
    var container = document.getElementById("search-results");
    if (!container || container.getAttribute("data-rendered") === "true") return;
    var q = new URLSearchParams(window.location.search).get("q") || "";
    if (!q.trim()) return;
    var input = document.getElementById("search-q");
    if (input) input.value = q;
    var indexUrl = new URL(container.getAttribute("data-index-url"), window.location.href);
    var base = new URL("../", indexUrl);
    fetch(indexUrl.href, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (index) {
        render(container, index, search(index, q), base);
      })
      .catch(function () {
        var message = container.getAttribute("data-error") || "";
        container.replaceChildren(el("p", { class: "search-none", role: "alert" }, [message]));
      });
  }

  start();
})();
