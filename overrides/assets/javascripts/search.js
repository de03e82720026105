/* The site search (overrides/partials/search.html), issue 14.
 *
 * Nothing of the search is fetched with the page. When the reader opens the search box or
 * focuses its field, Pagefind's script is imported from this site (pagefind/pagefind.js); it
 * loads the index of the page's language (<html lang>) and, for each query, only the chunks
 * that hold its words, then one small fragment per result shown.
 * - Results are written as text (titles, excerpts: only Pagefind's <mark> highlights are kept as
 *   elements); links are followed only to this site's own pages.
 * - The form is not sent: the words stay out of the address and the history. Without
 *   JavaScript, the form sends them to the support directory (`?buscar=`), whose filters use them.
 * - Escape closes the box and returns to its button. No storage, no cookies.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-mitp-search]");
  var script = document.currentScript;
  if (!box || !script || !window.Promise) return;
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var status = box.querySelector("[data-mitp-search-status]");
  var list = box.querySelector("[data-mitp-search-results]");
  var hint = box.querySelector("[data-mitp-search-hint]");
  var text = box.dataset;
  // This file is <site>/assets/javascripts/search.js: the site's root is two folders up.
  var root = new URL("../../", script.src);
  var SHOWN = 8;          // results written at once
  var SUB_RESULTS = 3;    // sections or directory entries listed under a result
  var engine = null;
  var asked = 0;
  var timer = null;

  if (hint && text.hint) hint.textContent = text.hint;

  function say(message) {
    status.textContent = message || "";
  }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // pageLength 0: the directory pages are long listings; Pagefind's default length penalty
        // ranked a national directory entry below every short page that mentions the word once.
        return Promise.resolve(pagefind.options({ baseUrl: root.pathname, excerptLength: 24,
                                                  ranking: { pageLength: 0 } }))
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function ownPage(url) {
    try {
      var target = new URL(url, root);
      if (target.origin !== location.origin || !/^https?:$/.test(target.protocol)) return null;
      return target.href;
    } catch (error) {
      return null;
    }
  }

  function excerpt(html) {
    // Pagefind's excerpt: escaped text with <mark> around the words found. Parsed inertly;
    // only text and <mark> make it into the page.
    var out = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + (html || ""), "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function link(href, label) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    return a;
  }

  function show(data, total) {
    list.textContent = "";
    data.forEach(function (page) {
      var href = ownPage(page.url);
      if (!href) return;
      var item = document.createElement("li");
      item.appendChild(link(href, (page.meta && page.meta.title) || page.url));
      var subs = (page.sub_results || []).filter(function (sub) {
        return sub.url !== page.url && ownPage(sub.url);
      }).slice(0, SUB_RESULTS);
      if (subs.length) {
        var sublist = document.createElement("ul");
        subs.forEach(function (sub) {
          var li = document.createElement("li");
          li.appendChild(link(ownPage(sub.url), sub.title));
          li.appendChild(excerpt(sub.excerpt));
          sublist.appendChild(li);
        });
        item.appendChild(sublist);
      } else {
        item.appendChild(excerpt(page.excerpt));
      }
      list.appendChild(item);
    });
    if (total === 0) say(text.none);
    else if (total === 1) say(text.one);
    else if (total > data.length) say(text.shown.replace("{count}", total).replace("{shown}", data.length));
    else say(text.many.replace("{count}", total));
  }

  function search() {
    var query = input.value.trim();
    var mine = ++asked;
    if (!query) {
      list.textContent = "";
      say("");
      return;
    }
    say(text.loading);
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (mine !== asked) return null;
      var first = found.results.slice(0, SHOWN);
      return Promise.all(first.map(function (result) { return result.data(); })).then(function (data) {
        if (mine === asked) show(data, found.results.length);
      });
    }).catch(function () {
      if (mine === asked) say(text.failed);
    });
  }

  box.addEventListener("toggle", function () {
    if (box.open) {
      input.focus();
      load().catch(function () { say(text.failed); });
    }
  });
  input.addEventListener("focus", function () {
    load().catch(function () { say(text.failed); });
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box.open) {
      box.open = false;
      box.querySelector("summary").focus();
    }
  });
})();
