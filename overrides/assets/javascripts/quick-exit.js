/* Quick exit ("Salir rápido"), after the GOV.UK Design System's "Exit this page".
 *
 * - A click on the control, or Shift pressed three times within a few seconds, leaves:
 *   the page is blanked at once, then the current history entry is REPLACED by the
 *   neutral site (location.replace), so Back does not return here. Browser history is
 *   not erased: the safety page says so.
 * - Each Shift press is announced to screen readers; any other key resets the count.
 * - Every audio and video element is paused and muted first (podcast episodes).
 * - Without JavaScript the control is a plain link to the neutral site.
 * No storage, no cookies, no network request of its own.
 */
(function () {
  "use strict";

  var control = document.querySelector("[data-mitp-exit]");
  if (!control) return;
  var status = document.getElementById("mitp-exit-status");
  var destination = control.getAttribute("href");
  var PRESSES = 3;
  var WINDOW_MS = 5000;
  var count = 0;
  var timer = null;

  function say(text) {
    if (status) status.textContent = text || "";
  }

  // Silence every player at once: a podcast episode must not keep talking while the
  // neutral site loads (or if loading it fails).
  function silence() {
    var media = document.querySelectorAll("audio, video");
    for (var i = 0; i < media.length; i++) {
      try { media[i].pause(); media[i].muted = true; } catch (e) { /* keep leaving */ }
    }
  }

  function leave(event) {
    if (event) event.preventDefault();
    silence();
    // Blank the page before anything else, in case the next page is slow to load.
    document.documentElement.classList.add("mitp-leaving");
    document.title = "";
    say(control.getAttribute("data-leaving"));
    window.location.replace(destination);
  }

  function reset() {
    count = 0;
    if (timer) window.clearTimeout(timer);
    timer = null;
    say("");
  }

  control.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (count) reset();
      return;
    }
    if (event.repeat) return;
    count += 1;
    if (timer) window.clearTimeout(timer);
    if (count >= PRESSES) {
      leave();
      return;
    }
    say(control.getAttribute("data-count-" + count));
    timer = window.setTimeout(reset, WINDOW_MS);
  });

  // Coming back through the browser's page cache: show the page again, count from zero.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("mitp-leaving");
      reset();
    }
  });
})();
