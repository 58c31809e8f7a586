/* The admin's Markdown editor: keyboard shortcuts, a table button, the live preview
   (rendered by the server with the readers' rendering), word count and reading time,
   length hints on title-like fields, and inserting images from the library. */
(function () {
  "use strict";

  var SHORTCUTS = {
    "b": "md-bold", "i": "md-italic", "k": "md-link",
    "alt+2": "md-header[level='2']", "alt+3": "md-header[level='3']",
    "shift+8": "md-unordered-list", "shift+*": "md-unordered-list",
    "shift+7": "md-ordered-list", "shift+&": "md-ordered-list",
    "shift+9": "md-quote", "shift+(": "md-quote"
  };
  var TABLE = "| Column | Column |\n| --- | --- |\n| Cell | Cell |";

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function insertText(textarea, text) {
    textarea.focus();
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  /* `block` as a paragraph of its own: blank lines before and after it. */
  function onOwnLine(textarea, block) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var after = textarea.value.slice(textarea.selectionEnd);
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var trail = after === "" ? "\n" : (/^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n"));
    return lead + block + trail;
  }

  function shortcutName(event) {
    var name = event.key.toLowerCase();
    if (event.altKey) { name = "alt+" + (event.code.replace("Digit", "") || name); }
    else if (event.shiftKey) { name = "shift+" + (event.code.indexOf("Digit") === 0 ? event.code.slice(5) : name); }
    return name;
  }

  function enhance(editor) {
    var toolbar = editor.querySelector("markdown-toolbar");
    var textarea = document.getElementById(toolbar.getAttribute("for"));
    var preview = editor.querySelector(".md-editor__rendered");
    var stats = editor.querySelector(".md-editor__stats");
    var url = editor.getAttribute("data-preview-url");
    var timer = null;
    var sent = null;
    var pending = null;

    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) { return; }
      var selector = SHORTCUTS[shortcutName(event)];
      var button = selector && toolbar.querySelector(selector);
      if (!button) { return; }
      event.preventDefault();
      button.click();
    });

    var table = toolbar.querySelector("[data-md-button=table]");
    if (table) {
      table.addEventListener("click", function () { insertText(textarea, onOwnLine(textarea, TABLE)); });
    }

    function render() {
      var text = textarea.value;
      if (text === sent) { return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      sent = text;
      var body = new FormData();
      body.append("body", text);
      fetch(url, {
        method: "POST", body: body, credentials: "same-origin", signal: pending.signal,
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (data) {
        preview.innerHTML = data.html || '<p class="md-editor__placeholder">Nothing to preview yet.</p>';
        stats.textContent = data.words.toLocaleString() + (data.words === 1 ? " word" : " words") +
          " · " + data.minutes + " min read";
        editor.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        if (error.name === "AbortError") { return; }
        sent = null;
        stats.textContent = "The preview could not be updated (" + error.message + "); your text is unaffected.";
      });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    textarea.addEventListener("portal:restored", render);
    render();
    enhanceLibrary(editor, textarea);
  }

  /* The library dialog: search images, insert `![alt](image:ID "caption")`. */
  function enhanceLibrary(editor, textarea) {
    var url = editor.getAttribute("data-image-search-url");
    var dialog = editor.querySelector(".md-editor__library");
    var button = editor.querySelector("[data-md-button=library-image]");
    if (!url || !dialog || !button) { return; }
    var input = dialog.querySelector(".md-editor__library-q");
    var results = dialog.querySelector(".md-editor__library-results");
    var selection = [0, 0];
    var timer = null;

    var asked = 0;  // the latest search: an older answer arriving late is dropped

    function search() {
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(input.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== asked) { return; }
          results.innerHTML = "";
          if (!data.results.length) {
            var empty = document.createElement("li");
            empty.textContent = "No image matches.";
            results.appendChild(empty);
          }
          data.results.forEach(function (image) {
            var item = document.createElement("li");
            var choose = document.createElement("button");
            choose.type = "button";
            choose.className = "md-editor__library-choice";
            var thumb = document.createElement("img");
            thumb.src = image.thumbnail;
            thumb.alt = "";
            thumb.width = 96;
            thumb.height = 64;
            var label = document.createElement("span");
            label.textContent = image.alt + (image.credit ? " (" + image.credit + ")" : "");
            choose.appendChild(thumb);
            choose.appendChild(label);
            choose.addEventListener("click", function () {
              dialog.close();
              textarea.setSelectionRange(selection[0], selection[1]);
              insertText(textarea, onOwnLine(textarea, image.markdown));
            });
            item.appendChild(choose);
            results.appendChild(item);
          });
        });
    }

    button.addEventListener("click", function () {
      selection = [textarea.selectionStart, textarea.selectionEnd];
      dialog.showModal();
      input.focus();
      search();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }
    });
  }

  /* "42 of about 60 characters search results show" under title-like fields. */
  function lengthHint(input) {
    var limit = parseInt(input.getAttribute("data-length-hint"), 10);
    var what = input.getAttribute("data-length-what");
    var note = document.createElement("div");
    note.className = "help length-hint";
    note.id = input.id + "_length";
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    var row = input.closest(".flex-container") || input;
    row.parentNode.insertBefore(note, row.nextSibling);
    function update() {
      var length = input.value.length;
      note.textContent = length + " characters; " + what + " show about " + limit + ".";
      note.classList.toggle("length-hint--over", length > limit);
    }
    input.addEventListener("input", update);
    input.addEventListener("portal:restored", update);
    update();
  }

  /* The hero picker's thumbnail follows the chosen library image. */
  function heroThumbnail(box) {
    var select = box.querySelector("select");
    var thumb = box.querySelector(".hero-select__thumb");
    var url = box.getAttribute("data-lookup-url");
    function update() {
      if (!select.value) { thumb.hidden = true; return; }
      fetch(url + "?id=" + encodeURIComponent(select.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          var image = data.results[0];
          thumb.hidden = !image;
          if (image) { thumb.src = image.thumbnail; }
        });
    }
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).on("change", update);  // select2 reports through jQuery
    } else {
      select.addEventListener("change", update);
    }
  }

  function start() {
    document.querySelectorAll(".hero-select").forEach(heroThumbnail);
    document.querySelectorAll(".md-editor").forEach(enhance);
    document.querySelectorAll("[data-length-hint]").forEach(lengthHint);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
