/* The document pages' one script, optional: without it every panel can still be opened by hand.
   - On a wide screen, the panels "About this document" and "Cite this" start open (on a phone they stay folded,
     so the text starts on the first screen).
   - Before printing, both open, and the page's address (location) is printed at its foot. */
(function () {
  "use strict";
  var panels = document.querySelectorAll("details.about, details.cite");
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    panels.forEach(function (d) { d.open = true; });
  }
  var url = document.querySelector(".print-url .page-url");
  if (url && !/^https?:/.test(url.textContent) && /^https?:$/.test(window.location.protocol)) {
    url.textContent = window.location.href.split("#")[0];
  }
  window.addEventListener("beforeprint", function () {
    panels.forEach(function (d) { d.open = true; });
  });
}());
