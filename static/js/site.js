/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".site-header__menu-button");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) { return; }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("site-nav--open", !open);
    });
  });
})();

/* Carry the reader's campaign parameters and original referrer to the report form. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a[data-lead-link]");
    if (!links.length) { return; }
    var here = new URLSearchParams(window.location.search);
    links.forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (name) {
        if (here.get(name)) { url.searchParams.set(name, here.get(name).slice(0, 100)); }
      });
      if (document.referrer) { url.searchParams.set("ref", document.referrer.slice(0, 500)); }
      link.href = url.pathname + url.search;
    });
  });
})();

/* Move focus to the error summary of a re-shown form, so screen readers announce it. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
});
