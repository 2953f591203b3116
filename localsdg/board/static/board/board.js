/*
 * The SDGs Board on the static site.
 *
 * The server answers every Board address itself (and redirects any other spelling to the
 * canonical one), so on the live site this script finds the address equal to the state the page
 * was rendered for (data-board-query) and does nothing. The static export holds one page, the
 * Board without filters: opened with another query string, the script fetches the language's
 * index (data-board-index-url, written by localsdg/board/static.py) and answers the query with
 * the server's rules (localsdg/board/params.py, select.py, results.py): the same parameters,
 * text matching and ranking of localsdg/search/memory.py, facets OR'ed inside and AND'ed across,
 * each facet counted with the other facets applied, the three sort orders, pages of 50 and the
 * organisation x goal heat map. Everything is built from DOM nodes; no text from the index goes
 * through innerHTML. Filters change by the form's own GET, so every state stays a URL.
 */
(function () {
  "use strict";

  var PARAMS = ["q", "org", "goal", "target", "role", "department", "status", "year", "budget", "sort", "page"];
  var FACETS = ["org", "goal", "target", "role", "department", "status", "year", "budget"];
  var ROLES = ["primary", "secondary"];
  var SORTS = ["relevance", "budget", "name"];
  var MAX_VALUES = 200;
  var MAX_PAGE = 1000000;
  var PAGE_SIZE = 50;
  var HEAT_LEVELS = 4;
  var MORE_THAN = 12; /* a facet with more values is folded, as on the server's page */

  /* Query parsing: localsdg/search/static/localsdg/query.js, loaded first. */
  var Query = window.LocalSDGQuery;
  var normalise = Query.normalise;
  var parseCode = Query.parseCode;
  var parseQuery = Query.parseQuery;
  var length = Query.length;

  /* Reading the address (localsdg/board/params.py: read_query). ---------------------- */

  function fill(label, values) {
    return label.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function shown(text) {
    return length(text) <= 60 ? text : Array.from(text).slice(0, 59).join("") + "\u2026";
  }

  function values(params, name) {
    var found = [];
    params.getAll(name).slice(0, MAX_VALUES).forEach(function (value) {
      var text = value.trim();
      if (text && found.indexOf(text) < 0) found.push(text);
    });
    return found;
  }

  function whole(text, low, high) {
    if (!/^[0-9]{1,7}$/.test(text)) return null;
    var value = parseInt(text, 10);
    return value >= low && value <= high ? value : null;
  }

  function byOrder(order) {
    return function (a, b) { return order.indexOf(a) - order.indexOf(b); };
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function readState(params, data) {
    var reasons = data.labels.reasons;
    var problems = [];
    function many(name, read) {
      var found = [];
      values(params, name).forEach(function (text) {
        var value = read(text);
        if (value === null || value === undefined) {
          problems.push(fill(reasons[name], { value: shown(text) }));
        } else if (found.indexOf(value) < 0) {
          found.push(value);
        }
      });
      return found;
    }
    var q = parseQuery(values(params, "q")[0] || "").text;
    var state = {
      q: q,
      org: many("org", function (t) { return t in data.orgIndex ? t : null; }).sort(compareText),
      goal: many("goal", function (t) { return whole(t, 1, 17); }).sort(function (a, b) { return a - b; }),
      target: many("target", function (t) {
        var code = parseCode(t);
        return code !== null && code.split(".").length === 2 && code in data.targetIndex ? code : null;
      }).sort(function (a, b) { return data.targetIndex[a] - data.targetIndex[b]; }),
      role: many("role", function (t) { return ROLES.indexOf(t) >= 0 ? t : null; }).sort(byOrder(ROLES)),
      department: many("department", function (t) {
        return Object.prototype.hasOwnProperty.call(data.department_names, t) ? data.department_names[t] : null;
      }).sort(compareText),
      status: many("status", function (t) { return data.statusOrder.indexOf(t) >= 0 ? t : null; }).sort(byOrder(data.statusOrder)),
      year: many("year", function (t) { return whole(t, data.year_range[0], data.year_range[1]); }).sort(function (a, b) { return a - b; }),
      budget: many("budget", function (t) { return data.budgetOrder.indexOf(t) >= 0 ? t : null; }).sort(byOrder(data.budgetOrder)),
      sort: "relevance",
      page: 1,
    };
    values(params, "sort").slice(0, 1).forEach(function (text) {
      if (SORTS.indexOf(text) >= 0) state.sort = text;
      else problems.push(fill(reasons.sort, { value: shown(text) }));
    });
    values(params, "page").slice(0, 1).forEach(function (text) {
      var found = whole(text, 1, MAX_PAGE);
      if (found === null) problems.push(fill(reasons.page, { value: shown(text) }));
      else state.page = found;
    });
    return { state: state, problems: problems };
  }

  function withChanges(state, changes) {
    var copy = {};
    PARAMS.forEach(function (name) { copy[name] = state[name]; });
    copy.page = 1;
    Object.keys(changes).forEach(function (name) { copy[name] = changes[name]; });
    return copy;
  }

  /* The canonical query string (BoardQuery.pairs). */
  function queryString(state) {
    var params = new URLSearchParams();
    if (state.q) params.append("q", state.q);
    FACETS.forEach(function (name) {
      state[name].forEach(function (value) { params.append(name, String(value)); });
    });
    if (state.sort !== "relevance") params.append("sort", state.sort);
    if (state.page !== 1) params.append("page", String(state.page));
    return params.toString();
  }

  function samePairs(a, b) {
    var x = Array.from(a.entries());
    var y = Array.from(b.entries());
    return x.length === y.length && x.every(function (pair, i) {
      return pair[0] === y[i][0] && pair[1] === y[i][1];
    });
  }

  /* The index (localsdg/board/static.py). ------------------------------------------------ */

  function prepare(data) {
    var fields = data.fields;
    data.records = data.rows.map(function (row) {
      var record = {};
      fields.forEach(function (name, i) { record[name] = row[i]; });
      record.goalRoles = {};
      record.goals.forEach(function (pair) { record.goalRoles[pair[0]] = pair[1]; });
      record.targetRoles = {};
      record.targets.forEach(function (pair) { record.targetRoles[pair[0]] = pair[1]; });
      record.departmentName = record.department >= 0 ? data.departments[record.department][0] : "";
      return record;
    });
    data.orgIndex = {};
    data.orgs.forEach(function (org, i) { data.orgIndex[org[0]] = i; });
    data.targetIndex = {};
    data.targets.forEach(function (target, i) { data.targetIndex[target[0]] = i; });
    data.statusOrder = data.statuses.map(function (pair) { return pair[0]; });
    data.budgetOrder = data.budgets.map(function (pair) { return pair[0]; });
    return data;
  }

  /* Text: localsdg/board/select.py text_match with localsdg/search/memory.py ranked. */
  function textMatch(data, q) {
    var query = parseQuery(q);
    if (!query.words.length) return null;
    var order = [];
    var seen = {};
    if (query.code !== null) {
      var parts = query.code.split(".");
      data.records.forEach(function (record, row) {
        var hit = parts.length === 1 ? parts[0] in record.goalRoles : parts[0] + "." + parts[1] in record.targetRoles;
        if (hit) {
          order.push(row);
          seen[row] = true;
        }
      });
    }
    var words = query.textWords;
    if (words.length) {
      var keys = [];
      data.entries.forEach(function (entry, i) {
        var title = entry[1];
        var body = entry[2];
        var inEntry = words.every(function (w) { return title.indexOf(w) >= 0 || body.indexOf(w) >= 0; });
        if (!inEntry) return;
        var at = title.indexOf(words[0]);
        var key;
        if (at >= 0) {
          var inTitle = words.every(function (w) { return title.indexOf(w) >= 0; });
          key = [inTitle ? 2 : 3, at + 1, title.length, i];
        } else {
          key = [3, body.indexOf(words[0]) + 1 + 10000, title.length, i];
        }
        keys.push({ key: key, row: entry[0] });
      });
      keys.sort(function (a, b) {
        for (var k = 0; k < 4; k++) {
          if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
        }
        return 0;
      });
      keys.forEach(function (item) {
        if (!seen[item.row]) {
          seen[item.row] = true;
          order.push(item.row);
        }
      });
    }
    return { rows: seen, order: order, short: query.short };
  }

  function any(list, test) {
    return list.some(test);
  }

  /* Per facet, whether a record passes its filter (select.py filter_masks); null: no filter. */
  function filters(state, text) {
    var roles = state.role.length ? state.role : ROLES;
    function hasRole(role) { return roles.indexOf(role) >= 0; }
    var found = {};
    FACETS.forEach(function (name) { found[name] = null; });
    if (state.org.length) found.org = function (r) { return state.org.indexOf(r.org) >= 0; };
    if (state.goal.length) {
      found.goal = function (r) { return any(state.goal, function (g) { return hasRole(r.goalRoles[g]); }); };
    }
    if (state.target.length) {
      found.target = function (r) { return any(state.target, function (t) { return hasRole(r.targetRoles[t]); }); };
    }
    if (state.role.length && !state.goal.length && !state.target.length) {
      found.role = function (r) { return any(r.goals, function (pair) { return state.role.indexOf(pair[1]) >= 0; }); };
    }
    if (state.department.length) {
      found.department = function (r) { return state.department.indexOf(r.departmentName) >= 0; };
    }
    if (state.status.length) found.status = function (r) { return state.status.indexOf(r.status) >= 0; };
    if (state.year.length) {
      found.year = function (r) { return any(r.fiscal_years, function (y) { return state.year.indexOf(y) >= 0; }); };
    }
    if (state.budget.length) found.budget = function (r) { return state.budget.indexOf(r.budget_key) >= 0; };
    found.text = text === null ? null : function (r, row) { return row in text.rows; };
    return found;
  }

  function select(data, state) {
    var text = state.q ? textMatch(data, state.q) : null;
    var tests = filters(state, text);
    function others(leave) {
      var names = Object.keys(tests).filter(function (name) { return tests[name] !== null && leave.indexOf(name) < 0; });
      var rows = [];
      data.records.forEach(function (record, row) {
        if (names.every(function (name) { return tests[name](record, row); })) rows.push(row);
      });
      return rows;
    }
    var rows = others([]);
    var order;
    if (state.sort === "budget") order = data.by_budget;
    else if (state.sort === "name") order = data.by_name;
    else if (text !== null) order = text.order;
    else order = null;
    if (order !== null) {
      var kept = {};
      rows.forEach(function (row) { kept[row] = true; });
      rows = order.filter(function (row) { return kept[row]; });
    }
    return { data: data, state: state, text: text, others: others, rows: rows };
  }

  function counted(rows, data, values, has) {
    return values.map(function (value) {
      var count = 0;
      rows.forEach(function (row) { if (has(data.records[row], value)) count += 1; });
      return [value, count];
    });
  }

  /* Every facet's values with their counts (select.py facet_counts). */
  function facetCounts(selection) {
    var data = selection.data;
    var state = selection.state;
    var roles = state.role.length ? state.role : ROLES;
    function hasRole(role) { return roles.indexOf(role) >= 0; }
    var goals = [];
    for (var g = 1; g <= 17; g++) goals.push(g);
    var present = { target: {}, status: {}, year: {} };
    data.records.forEach(function (record) {
      Object.keys(record.targetRoles).forEach(function (code) { present.target[code] = true; });
      present.status[record.status] = true;
      record.fiscal_years.forEach(function (year) { present.year[year] = true; });
    });
    var targets = data.targets.map(function (t) { return t[0]; }).filter(function (code) {
      return present.target[code] || state.target.indexOf(code) >= 0;
    });
    var statuses = data.statusOrder.filter(function (s) { return present.status[s] || state.status.indexOf(s) >= 0; });
    var years = Object.keys(present.year).map(Number);
    state.year.forEach(function (year) { if (years.indexOf(year) < 0) years.push(year); });
    years.sort(function (a, b) { return a - b; });
    var roleRows = selection.others(["goal", "target", "role"]);
    return {
      org: counted(selection.others(["org"]), data, data.orgs.map(function (o) { return o[0]; }), function (r, v) { return r.org === v; }),
      goal: counted(selection.others(["goal", "role"]), data, goals, function (r, v) { return hasRole(r.goalRoles[v]); }),
      target: counted(selection.others(["target", "role"]), data, targets, function (r, v) { return hasRole(r.targetRoles[v]); }),
      role: counted(roleRows, data, ROLES, function (r, role) {
        var ok = true;
        if (state.goal.length) ok = ok && any(state.goal, function (goal) { return r.goalRoles[goal] === role; });
        if (state.target.length) ok = ok && any(state.target, function (t) { return r.targetRoles[t] === role; });
        if (!state.goal.length && !state.target.length) ok = any(r.goals, function (pair) { return pair[1] === role; });
        return ok;
      }),
      department: counted(selection.others(["department"]), data, data.departments.map(function (d) { return d[0]; }), function (r, v) { return r.departmentName === v; }),
      status: counted(selection.others(["status"]), data, statuses, function (r, v) { return r.status === v; }),
      year: counted(selection.others(["year"]), data, years, function (r, v) { return r.fiscal_years.indexOf(v) >= 0; }),
      budget: counted(selection.others(["budget"]), data, data.budgetOrder, function (r, v) { return r.budget_key === v; }),
    };
  }

  /* Drawing. ------------------------------------------------------------------------------ */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A content text with its language; a fallback is marked like the `text` template tag. */
  function text(value, lang, pageLang, labels) {
    if (lang === pageLang && value) return [el("span", { lang: lang }, [value])];
    return [
      el("span", { lang: lang, class: "fallback" }, [value]),
      " ",
      el("small", { class: "fallback-note" }, [labels.fallback]),
    ];
  }

  function plural(forms, count) {
    return fill(count === 1 ? forms.one : forms.other, { counter: count });
  }

  function truncate(value, size) {
    var chars = Array.from(value);
    return chars.length <= size ? value : chars.slice(0, size - 1).join("") + "\u2026";
  }

  function Links(base, state) {
    this.base = base;
    this.state = withChanges(state, {});
  }

  Links.prototype.url = function (changes) {
    var query = queryString(withChanges(this.state, changes || {}));
    return this.base + (query ? "?" + query : "");
  };

  function valueLabel(data, facet, value) {
    if (facet === "org") {
      var org = data.orgs[data.orgIndex[value]];
      return ["", [org[1], org[2]]];
    }
    if (facet === "goal") {
      var goal = data.goals[String(value)];
      return [goal[0], [goal[1], goal[2]]];
    }
    if (facet === "target") {
      var target = data.targets[data.targetIndex[value]];
      return [value, [target[1], target[2]]];
    }
    if (facet === "role") return [data.roles[value], null];
    if (facet === "department") {
      var found = data.departments.filter(function (d) { return d[0] === value; })[0];
      return ["", [value, found ? found[1] : data.lang]];
    }
    if (facet === "status") return [pairLabel(data.statuses, value), null];
    if (facet === "year") return [data.years[String(value)] || String(value), null];
    return [pairLabel(data.budgets, value), null];
  }

  function pairLabel(pairs, value) {
    var found = pairs.filter(function (pair) { return pair[0] === value; })[0];
    return found ? found[1] : value;
  }

  function facetNode(data, name, values, chosen) {
    var lang = data.lang;
    var labels = data.labels;
    var fieldset = el("fieldset", { class: "board-facet" }, [el("legend", {}, [data.facets[name]])]);
    if (!values.length) {
      fieldset.appendChild(el("p", { class: "board-empty" }, [labels.no_values]));
      return fieldset;
    }
    var list = el("ul", { class: "board-values" });
    values.forEach(function (pair, i) {
      var value = pair[0];
      var id = "board-" + name + "-" + (i + 1);
      var input = el("input", { type: "checkbox", id: id, name: name, value: String(value) });
      if (chosen.indexOf(value) >= 0) input.checked = true;
      var words = valueLabel(data, name, value);
      var label = el("label", { for: id });
      if (words[0]) label.appendChild(el("span", { class: "board-value" }, [words[0]]));
      if (words[1]) {
        if (words[0]) label.appendChild(document.createTextNode(" "));
        if (name === "target") {
          label.appendChild(el("span", { class: "board-detail", lang: words[1][1] }, [truncate(words[1][0], 48)]));
        } else {
          text(words[1][0], words[1][1], lang, labels).forEach(function (node) {
            label.appendChild(typeof node === "string" ? document.createTextNode(node) : node);
          });
        }
      }
      label.appendChild(document.createTextNode(" "));
      label.appendChild(el("span", { class: "board-number" }, ["(" + pair[1] + ")"]));
      list.appendChild(el("li", {}, [input, label]));
    });
    fieldset.appendChild(list);
    return fieldset;
  }

  function drawFacets(form, selection) {
    var data = selection.data;
    var state = selection.state;
    form.querySelectorAll(".board-facet, .board-more").forEach(function (node) { node.remove(); });
    var actions = form.querySelector("p.actions");
    var counts = facetCounts(selection);
    FACETS.forEach(function (name) {
      var chosen = state[name];
      var values = counts[name].filter(function (pair) { return pair[1] || chosen.indexOf(pair[0]) >= 0; });
      var node = facetNode(data, name, values, chosen);
      if (values.length > MORE_THAN) {
        var picked = values.filter(function (pair) { return chosen.indexOf(pair[0]) >= 0; }).length;
        var summary = el("summary", {}, [data.facets[name]]);
        if (picked) {
          summary.appendChild(document.createTextNode(" "));
          summary.appendChild(el("span", { class: "board-chosen" }, [fill(data.labels.chosen, { number: picked })]));
        }
        node = el("details", { class: "board-more" }, [summary, node]);
        if (picked) node.open = true;
      }
      form.insertBefore(node, actions);
    });
    var filtered = !!state.q || FACETS.some(function (name) { return state[name].length > 0; });
    var clear = actions.querySelector("a");
    if (clear) {
      clear.previousSibling && clear.previousSibling.nodeType === 3 && clear.previousSibling.remove();
      clear.remove();
    }
    if (filtered) {
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(el("a", { href: selection.base }, [data.labels.clear]));
    }
    var input = form.querySelector("#board-q");
    if (input) input.value = state.q;
    var sort = form.querySelector("#board-sort");
    if (sort) sort.value = state.sort;
  }

  function item(data, record, base) {
    var lang = data.lang;
    var labels = data.labels;
    var org = data.orgs[data.orgIndex[record.org]];
    var plan = data.plans[record.plan];
    var where = el("p", { class: "board-where" }, [
      el("a", { href: new URL(org[3], base).href }, text(org[1], org[2], lang, labels)),
      " \u00b7 ",
      el("a", { href: new URL(plan[3], base).href }, text(plan[1], plan[2], lang, labels)),
    ]);
    var name = el("a", { class: "initiative-name", href: new URL(record.url, base).href },
      (record.code ? [el("span", { class: "code" }, [record.code]), " "] : []).concat(
        text(record.name, record.name_lang, lang, labels)));
    var node = el("li", { class: "board-item" }, [where, name]);
    if (record.goals.length) {
      var goals = el("ul", { class: "board-goals", "aria-label": labels.goals });
      record.goals.forEach(function (pair) {
        var goal = data.goals[String(pair[0])];
        if (!goal) return;
        goals.appendChild(el("li", {}, [
          el("a", { class: "board-goal goal-" + pair[0] + " role-" + pair[1], href: new URL(goal[3], base).href }, [
            el("span", { "aria-hidden": "true" }, [String(pair[0])]),
            el("span", { class: "visually-hidden" }, [fill(labels.goal_role, { number: pair[0], role: data.roles[pair[1]] || "" })]),
          ]),
        ]));
      });
      node.appendChild(goals);
    }
    var facts = el("dl", { class: "board-facts" });
    function fact(term, nodes) {
      facts.appendChild(el("div", {}, [el("dt", {}, [term]), el("dd", {}, nodes)]));
    }
    if (record.department >= 0) {
      var department = data.departments[record.department];
      fact(labels.department, text(department[0], department[1], lang, labels));
    }
    var status = record.status === "none" ? "" : pairLabel(data.statuses, record.status);
    if (status) fact(labels.status, [status]);
    if (record.years) fact(labels.years, [record.years]);
    fact(labels.budget, [record.budget ? record.budget + " (" + record.budget_year + ")" : labels.not_given]);
    node.appendChild(facts);
    return node;
  }

  function drawResults(section, selection, kept) {
    var data = selection.data;
    var state = selection.state;
    var labels = data.labels;
    var links = new Links(selection.base, state);
    var total = selection.rows.length;
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    var start = (state.page - 1) * PAGE_SIZE;
    var rows = state.page <= pages ? selection.rows.slice(start, start + PAGE_SIZE) : [];
    var first = rows.length ? start + 1 : 0;
    var nodes = [section.querySelector("h2")];
    if (selection.problems.length) {
      nodes.push(el("div", { class: "notice", role: "alert" }, [
        el("ul", {}, selection.problems.map(function (reason) {
          return el("li", {}, [reason + " " + labels.not_applied]);
        })),
      ]));
    }
    var count = el("p", { class: "board-count", role: "status" }, [plural(labels.count, total)]);
    if (rows.length && pages > 1) {
      count.appendChild(document.createTextNode(" "));
      count.appendChild(el("span", { class: "board-range" }, [fill(labels.range, { first: first, last: first + rows.length - 1 })]));
    }
    nodes.push(count);
    if (selection.text !== null && selection.text.short) nodes.push(el("p", { class: "search-note" }, [labels.short]));
    if (total) {
      if (kept.downloads) {
        var query = queryString(withChanges(state, {}));
        kept.downloads.querySelectorAll("a[href]").forEach(function (link) {
          var url = new URL(link.getAttribute("href"), window.location.href);
          url.search = query;
          link.setAttribute("href", url.href);
        });
        nodes.push(kept.downloads);
      }
      if (kept.legend) nodes.push(kept.legend);
    }
    if (rows.length) {
      var list = el("ol", { class: "board-list", start: String(first) });
      rows.forEach(function (row) { list.appendChild(item(data, data.records[row], selection.root)); });
      nodes.push(list);
    } else if (total) {
      nodes.push(el("p", { class: "board-none" }, [
        plural(labels.pages_only, pages), " ",
        el("a", { href: links.url({ page: Math.min(state.page - 1, pages) }) }, [labels.last_page]),
      ]));
    } else {
      nodes.push(el("p", { class: "board-none" }, [labels.none]));
    }
    if (pages > 1) {
      nodes.push(el("nav", { class: "pager", "aria-label": labels.pager }, [
        state.page > 1 ? el("a", { href: links.url({ page: Math.min(state.page - 1, pages) }), rel: "prev" }, [labels.previous]) : el("span"),
        el("span", {}, [fill(labels.page_of, { number: state.page, total: pages })]),
        state.page < pages ? el("a", { href: links.url({ page: state.page + 1 }), rel: "next" }, [labels.next]) : el("span"),
      ]));
    }
    section.replaceChildren.apply(section, nodes);
  }

  /* The organisation x goal heat map (select.py heat_counts, results.py heat_map). */
  function drawHeatmap(board, old, selection) {
    var data = selection.data;
    var state = selection.state;
    var labels = data.labels;
    var roles = state.role.length ? state.role : ROLES;
    var others = selection.others(["org", "goal", "role"]);
    var links = new Links(selection.base, state);
    var cells = {};
    var totals = {};
    others.forEach(function (row) {
      var record = data.records[row];
      totals[record.org] = (totals[record.org] || 0) + 1;
      record.goals.forEach(function (pair) {
        if (roles.indexOf(pair[1]) >= 0) {
          var key = record.org + " " + pair[0];
          cells[key] = (cells[key] || 0) + 1;
        }
      });
    });
    var orgs = data.orgs.filter(function (org) { return totals[org[0]]; });
    if (old) old.remove();
    if (!orgs.length) return;
    var most = 0;
    Object.keys(cells).forEach(function (key) { most = Math.max(most, cells[key]); });
    var goals = Object.keys(data.goals).map(Number).sort(function (a, b) { return a - b; });
    var head = el("tr", {}, [el("th", { scope: "col" }, [labels.organisation])]);
    goals.forEach(function (goal) {
      var tile = data.goals[String(goal)];
      head.appendChild(el("th", { scope: "col", class: "matrix-goal" }, [
        el("a", { href: links.url({ org: [], goal: [goal] }) }, [
          el("span", { class: "goal-swatch goal-" + goal, "aria-hidden": "true" }),
          el("span", { "aria-hidden": "true" }, [String(goal)]),
          el("span", { class: "visually-hidden" }, [tile[0] + ": ", el("span", { lang: tile[2] }, [tile[1]])]),
        ]),
      ]));
    });
    head.appendChild(el("th", { scope: "col", class: "num" }, [labels.initiatives_heading]));
    var body = el("tbody");
    var columns = {};
    orgs.forEach(function (org) {
      var rowUrl = links.url({ org: [org[0]], goal: [] });
      var line = el("tr", {}, [
        el("th", { scope: "row", class: "matrix-strategy" }, [el("a", { href: rowUrl }, text(org[1], org[2], data.lang, labels))]),
      ]);
      goals.forEach(function (goal) {
        var count = cells[org[0] + " " + goal] || 0;
        columns[goal] = (columns[goal] || 0) + count;
        var level = count && most ? Math.ceil((HEAT_LEVELS * count) / most) : 0;
        var content = count
          ? el("a", { href: links.url({ org: [org[0]], goal: [goal] }) }, [
            el("span", { class: "matrix-total", "aria-hidden": "true" }, [String(count)]),
            el("span", { class: "visually-hidden" }, [plural(labels.initiatives, count)]),
          ])
          : el("span", { class: "matrix-empty" }, ["0"]);
        line.appendChild(el("td", { class: "num matrix-cell heat-" + level }, [content]));
      });
      line.appendChild(el("td", { class: "num" }, [el("a", { href: rowUrl }, [String(totals[org[0]])])]));
      body.appendChild(line);
    });
    var foot = el("tr", {}, [el("th", { scope: "row" }, [labels.all_organisations])]);
    goals.forEach(function (goal) {
      var total = columns[goal] || 0;
      foot.appendChild(el("td", { class: "num matrix-cell" }, [
        total ? el("a", { href: links.url({ org: [], goal: [goal] }) }, [String(total)]) : "0",
      ]));
    });
    foot.appendChild(el("td", { class: "num" }, [String(others.length)]));
    var section = el("section", { class: "board-heatmap", "aria-labelledby": "heatmap-heading" }, [
      el("h2", { id: "heatmap-heading" }, [labels.heatmap]),
      el("p", { class: "matrix-legend" }, [labels.heatmap_legend]),
      el("div", { class: "table-scroll matrix-scroll", role: "region", "aria-labelledby": "heatmap-caption", tabindex: "0" }, [
        el("table", { class: "data-table strategy-matrix" }, [
          el("caption", { id: "heatmap-caption" }, [labels.heatmap_caption]),
          el("thead", {}, [head]),
          body,
          el("tfoot", {}, [foot]),
        ]),
      ]),
    ]);
    board.after(section);
  }

  function draw(board, data, params) {
    var read = readState(params, data);
    var selection = select(data, read.state);
    selection.problems = read.problems;
    var form = board.querySelector("form.board-form");
    selection.base = new URL(form.getAttribute("action") || "./", window.location.href).href;
    selection.root = new URL("../", new URL(board.getAttribute("data-board-index-url"), window.location.href)).href;
    var section = board.querySelector(".board-results");
    var kept = {
      downloads: section.querySelector(".board-downloads a[href]") ? section.querySelector(".board-downloads") : null,
      legend: section.querySelector(".board-legend"),
    };
    drawFacets(form, selection);
    drawResults(section, selection, kept);
    drawHeatmap(board, document.querySelector(".board-heatmap"), selection);
    board.setAttribute("data-board-drawn", "true");
    var query = queryString(read.state);
    var title = document.title;
    var cut = title.lastIndexOf(" | ");
    var site = cut >= 0 ? title.slice(cut) : "";
    document.title = (read.state.q ? fill(data.labels.title_query, { query: read.state.q }) : data.labels.title) + site;
    if (!read.problems.length) {
      var address = selection.base + (query ? "?" + query : "");
      var canonical = document.querySelector('link[rel="canonical"]');
      if (canonical) canonical.setAttribute("href", address);
      if (address !== window.location.href) window.history.replaceState(null, "", address);
    }
  }

  function start() {
    var board = document.querySelector("[data-board-index-url]");
    if (!board || board.getAttribute("data-board-problems") !== "0") return;
    var params = new URLSearchParams(window.location.search);
    if (samePairs(params, new URLSearchParams(board.getAttribute("data-board-query") || ""))) return;
    var indexUrl = new URL(board.getAttribute("data-board-index-url"), window.location.href);
    fetch(indexUrl.href, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        draw(board, prepare(data), params);
      })
      .catch(function () {
        var section = board.querySelector(".board-results");
        var message = board.getAttribute("data-board-error") || "";
        section.replaceChildren(section.querySelector("h2"), el("p", { class: "board-none", role: "alert" }, [message]));
      });
  }

  start();
})();
