/* Suggest existing tags while an editor types in the comma-separated tag field. */
(function () {
  "use strict";

  function currentTerm(value) {
    var parts = value.split(",");
    return parts[parts.length - 1].trim();
  }

  function replaceTerm(value, tag) {
    var parts = value.split(",");
    parts[parts.length - 1] = " " + (tag.indexOf(" ") >= 0 ? '"' + tag + '"' : tag);
    return parts.join(",").replace(/^\s+/, "") + ", ";
  }

  function enhance(input) {
    var url = input.getAttribute("data-tag-suggest-url");
    var list = document.createElement("ul");
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    var timer = null;

    function show(names) {
      list.innerHTML = "";
      names.forEach(function (name) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.addEventListener("click", function () {
          input.value = replaceTerm(input.value, name);
          list.hidden = true;
          input.focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = names.length === 0;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var term = currentTerm(input.value);
      if (!term) { show([]); return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { show(data.results || []); })
          .catch(function () { show([]); });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-tag-suggest-url]").forEach(enhance);
  });
})();
