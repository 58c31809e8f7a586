/* Autosave of the article form: every few seconds, while the text changes, the text
   fields are kept on the server (apart from the article: no history version, nothing
   readers see). After a closed tab or a crash the form offers the text back. */
(function () {
  "use strict";

  var EVERY_MS = 5000;
  var FIELDS = ["title", "slug", "dek", "body", "meta_description", "tags"];

  function start() {
    var box = document.querySelector(".autosave");
    var form = document.getElementById("article_form");
    if (!box || !form) { return; }
    var url = box.getAttribute("data-autosave-url");
    var status = box.querySelector(".autosave__status");
    var submitting = false;
    box.hidden = false;

    function snapshot() {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("article", box.getAttribute("data-article"));
      data.append("loaded_version", form.elements.loaded_version ? form.elements.loaded_version.value : "");
      FIELDS.forEach(function (name) {
        if (form.elements[name]) { data.append(name, form.elements[name].value); }
      });
      return data;
    }

    function text() {
      return FIELDS.map(function (name) {
        return form.elements[name] ? form.elements[name].value : "";
      }).join("\u0000");
    }

    var last = text();
    var writable = FIELDS.some(function (name) { return form.elements[name]; });

    function save() {
      if (submitting || !writable) { return; }
      var now = text();
      if (now === last) { return; }
      fetch(url, { method: "POST", body: snapshot(), credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          last = now;
          status.textContent = "Autosaved " + data.saved + ".";
        })
        .catch(function () { status.textContent = "Autosave failed; it will try again. Save the form to be sure."; });
    }

    setInterval(save, EVERY_MS);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pagehide", function () {
      if (!submitting && writable && text() !== last && navigator.sendBeacon) {
        navigator.sendBeacon(url, snapshot());
      }
    });

    var offer = box.querySelector(".autosave__offer");
    var kept = document.getElementById("autosave-data");
    if (!offer || !kept) { return; }
    var autosave = JSON.parse(kept.textContent);
    offer.querySelector(".autosave__restore").addEventListener("click", function () {
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (!field || !(name in autosave.fields)) { return; }
        field.value = autosave.fields[name];
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("portal:restored"));
      });
      // The text started from that version: a save after someone else's is refused.
      if (form.elements.loaded_version && autosave.base_version) {
        form.elements.loaded_version.value = autosave.base_version;
      }
      offer.remove();
      status.textContent = "Restored the text autosaved " + autosave.saved + ". Save the form to keep it.";
      form.elements.body && form.elements.body.focus();
    });
    offer.querySelector(".autosave__discard").addEventListener("click", function () {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("article", box.getAttribute("data-article"));
      data.append("discard", "1");
      fetch(url, { method: "POST", body: data, credentials: "same-origin" });
      offer.remove();
      status.textContent = "Discarded the autosaved text.";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
