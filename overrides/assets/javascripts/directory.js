/* Filters of the directory of support services (overrides/partials/directory/page.html).
 *
 * Plain JavaScript, no library, no inline code (the site's Content-Security-Policy allows
 * scripts from its own origin only). Without JavaScript every entry is listed and the filter
 * form stays hidden. The filter state lives in the URL's query string (?servicio=…&comuna=…&buscar=…)
 * so that a filtered view can be shared, survives a reload and Back/Forward restore it. The
 * text is in `buscar`, not `q`: Material for MkDocs opens its own site search when a page's
 * address carries `?q=`.
 * Nothing is stored: no cookie, no localStorage, no sessionStorage.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-directory]");
  if (!root) return;
  var form = root.querySelector("[data-dir-filters]");
  var status = root.querySelector("[data-dir-status]");
  if (!form || !status) return;

  // Query-string name → data attribute of an entry holding its space-separated values.
  var LISTS = { servicio: "services", poblacion: "populations", idioma: "languages", comuna: "comunas" };
  var EVERY = "*"; // the entry serves every comuna of the page / every population
  var NAMES = ["servicio", "poblacion", "idioma", "comuna", "buscar"];

  var controls = {};
  NAMES.forEach(function (name) {
    controls[name] = form.querySelector('[data-dir-filter="' + name + '"]');
  });
  var clear = form.querySelector("[data-dir-clear]");
  var entries = Array.prototype.map.call(root.querySelectorAll("[data-dir-entry]"), function (el) {
    var item = { el: el, text: normalise(el.textContent) };
    Object.keys(LISTS).forEach(function (name) {
      item[name] = (el.getAttribute("data-" + LISTS[name]) || "").split(/\s+/).filter(Boolean);
    });
    return item;
  });
  var groups = Array.prototype.slice.call(root.querySelectorAll("[data-dir-group]")).reverse();
  var total = entries.length;
  var typingTimer = null;

  function normalise(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  /* The state as read from the URL; values not offered by the page are ignored. */
  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    NAMES.forEach(function (name) {
      var value = params.get(name) || "";
      var control = controls[name];
      if (!control) value = "";
      else if (control.tagName === "SELECT" && value &&
               !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) value = "";
      state[name] = value.slice(0, 200);
    });
    return state;
  }

  function stateFromForm() {
    var state = {};
    NAMES.forEach(function (name) {
      state[name] = controls[name] ? controls[name].value.trim() : "";
    });
    return state;
  }

  function showInForm(state) {
    NAMES.forEach(function (name) {
      if (controls[name] && controls[name].value !== state[name]) controls[name].value = state[name];
    });
  }

  function matches(item, state) {
    for (var name in LISTS) {
      var wanted = state[name];
      if (!wanted) continue;
      var values = item[name];
      if (values.indexOf(wanted) === -1 && values.indexOf(EVERY) === -1) return false;
    }
    if (state.buscar) {
      var words = normalise(state.buscar).split(" ").filter(Boolean);
      for (var i = 0; i < words.length; i++) {
        if (item.text.indexOf(words[i]) === -1) return false;
      }
    }
    return true;
  }

  function apply(state) {
    var shown = 0;
    entries.forEach(function (item) {
      var visible = matches(item, state);
      item.el.hidden = !visible;
      if (visible) shown += 1;
    });
    // A section whose entries are all hidden is hidden too (inner sections first).
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-dir-entry]:not([hidden])");
    });
    var filtered = NAMES.some(function (name) { return !!state[name]; });
    var text;
    if (!filtered) {
      text = total === 1 ? status.getAttribute("data-text-all-one")
                         : format(status.getAttribute("data-text-all"), { total: total });
    } else if (shown === 0) {
      text = status.getAttribute("data-text-none");
    } else {
      // "Se muestra 1 de 3", "Se muestran 2 de 3": the verb agrees with the number shown.
      var some = shown === 1 && status.getAttribute("data-text-some-one") ? "data-text-some-one" : "data-text-some";
      text = format(status.getAttribute(some), { shown: shown, total: total });
    }
    if (status.textContent !== text) status.textContent = text;
    if (clear) clear.disabled = !filtered;
  }

  function urlFor(state) {
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      if (state[name]) params.set(name, state[name]);
      else params.delete(name);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  /* push: a new history entry (a choice in a list); otherwise the current one is replaced
     (typing, so that Back does not step through every letter). */
  function update(push) {
    var state = stateFromForm();
    apply(state);
    var url = urlFor(state);
    var current = window.location.pathname + window.location.search + window.location.hash;
    if (url === current) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  Object.keys(LISTS).forEach(function (name) {
    if (controls[name]) controls[name].addEventListener("change", function () { update(true); });
  });
  if (controls.buscar) {
    controls.buscar.addEventListener("input", function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { update(false); }, 250);
    });
  }
  if (clear) {
    clear.addEventListener("click", function () {
      window.clearTimeout(typingTimer);
      NAMES.forEach(function (name) { if (controls[name]) controls[name].value = ""; });
      update(true);
      var first = controls.servicio || controls.buscar;
      if (first) first.focus();
    });
  }
  window.addEventListener("popstate", function () {
    var state = stateFromUrl();
    showInForm(state);
    apply(state);
  });

  var initial = stateFromUrl();
  showInForm(initial);
  form.hidden = false;
  apply(initial);
})();
