/*
 * Query parsing for the static site, shared by search.js and the Board's board.js: the rules of
 * localsdg.search.queries.parse_query (NFKC, lower case, no control characters, at most 8 words
 * of a query cut at 200 characters) and of localsdg.core.codes for SDG codes in any spelling.
 * Loaded before either script (both are deferred, so they run in document order).
 */
(function () {
  "use strict";

  var MAX_WORDS = 8;
  var MAX_QUERY = 200;
  var MIN_TRIGRAM = 3;

  /* The matching form, as localsdg.search.indexing.normalise: NFKC, lower case, no controls. */
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\p{C}/gu, " ");
  }

  function visible(text) {
    return text.replace(/\p{C}/gu, " ");
  }

  function length(word) {
    return Array.from(word).length;
  }

  function number(part, max) {
    if (!/^[1-9][0-9]*$/.test(part)) return null;
    var value = parseInt(part, 10);
    return value <= max ? value : null;
  }

  /* Any accepted spelling of an SDG code (11.6, 11-6-2, indicator_1-a-1) in dotted form. */
  function parseCode(text) {
    var body = text.trim();
    var prefixed = body.slice(0, 10).toLowerCase() === "indicator_";
    if (prefixed) body = body.slice(10);
    if (!body || (body.indexOf(".") >= 0 && body.indexOf("-") >= 0)) return null;
    var parts = body.split(body.indexOf(".") >= 0 ? "." : "-");
    if (parts.length > 4 || parts.indexOf("") >= 0 || (prefixed && parts.length < 3)) return null;
    var out = [];
    if (number(parts[0], 17) === null) return null;
    out.push(parts[0]);
    if (parts.length > 1) {
      var target = parts[1].toLowerCase();
      if (!(/^[a-j]$/.test(target) || number(target, 20) !== null)) return null;
      out.push(target);
    }
    if (parts.length > 2) {
      if (number(parts[2], 20) === null) return null;
      out.push(parts[2]);
    }
    if (parts.length > 3) {
      if (!/^[a-z0-9]+$/i.test(parts[3])) return null;
      out.push(parts[3].toLowerCase());
    }
    return out.join(".");
  }

  /* A query taken apart: its words in matching form and the code it spells, if any. */
  function parseQuery(q) {
    var text = visible(Array.from(q).slice(0, MAX_QUERY).join("")).split(/\s+/).filter(Boolean).join(" ");
    var words = [];
    normalise(text).split(/\s+/).forEach(function (word) {
      if (word && words.indexOf(word) < 0) words.push(word);
    });
    words = words.slice(0, MAX_WORDS);
    var code = text ? parseCode(normalise(text)) : null;
    var textWords = code === null ? words : words.filter(function (w) { return length(w) >= MIN_TRIGRAM; });
    var short = textWords.some(function (w) { return length(w) < MIN_TRIGRAM; });
    return { text: text, words: words, code: code, textWords: textWords, short: short };
  }

  window.LocalSDGQuery = {
    normalise: normalise,
    length: length,
    parseCode: parseCode,
    parseQuery: parseQuery,
    MIN_TRIGRAM: MIN_TRIGRAM
  };
})();
