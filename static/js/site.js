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

/* Offer this page in the other edition to a reader whose browser prefers its language
   (the offer is in every copy of the page, hidden; nothing redirects), until closed. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var offer = document.querySelector("[data-edition-offer]");
    if (!offer) { return; }
    var wanted = offer.getAttribute("data-edition-offer");
    var languages = navigator.languages || [navigator.language || ""];
    var first = String(languages[0] || "").toLowerCase().split("-")[0];
    var closed = false;
    try { closed = window.localStorage.getItem("edition-offer-closed") === wanted; } catch (e) {}
    if (first !== wanted || closed) { return; }
    offer.hidden = false;
    offer.querySelector("[data-edition-offer-close]").addEventListener("click", function () {
      offer.hidden = true;
      try { window.localStorage.setItem("edition-offer-closed", wanted); } catch (e) {}
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

/* Share buttons: copy the link, or the browser's own share sheet where it has one. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var status = document.querySelector(".share__status");
  var url = (document.querySelector("link[rel=canonical]") || window.location).href;
  var copy = document.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = "Link copied.";
      }, function () {
        status.textContent = "Could not copy the link: " + url;
      });
    });
  }
  var share = document.querySelector("[data-web-share]");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: document.title, url: url }).catch(function () {});
    });
  }
});

/* An event's times in the reader's own zone, named, when it is neither the event's
   zone nor the edition's (the page writes those two; this one the browser knows). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var line = document.querySelector(".event__time--yours");
  if (!line || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var start = new Date(line.dataset.start), end = new Date(line.dataset.end);
  var offset = function (tz) {
    return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit",
      day: "2-digit", hourCycle: "h23" }).format(start);
  };
  var shown = line.dataset.zones.split(" ").filter(Boolean);
  if (!zone || shown.some(function (tz) { return offset(tz) === offset(zone); })) { return; }
  var lang = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang;
  var day = { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone };
  var time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone };
  line.textContent = start.toLocaleDateString(lang, day) + (lang.startsWith("zh") ? " " : ", ") +
    start.toLocaleTimeString(lang, time) + "–" + end.toLocaleTimeString(lang, time) + " " +
    line.dataset.label + " (" + zone + ")";
  line.hidden = false;
});
