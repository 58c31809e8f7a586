/* The sales desk's article filter: type words of a title, pick one of the stories with
   leads that match (the list keeps its other filters). */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector(".article-filter");
    if (!box) { return; }
    var input = box.querySelector(".article-filter__q");
    var results = box.querySelector(".article-filter__results");
    var pick = box.getAttribute("data-pick-url");
    var parameter = box.getAttribute("data-parameter");
    var timer = null;

    function search() {
      var url = box.getAttribute("data-search-url") + "?q=" + encodeURIComponent(input.value);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          results.innerHTML = "";
          data.results.forEach(function (article) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = pick + (pick.indexOf("?") >= 0 ? "&" : "?") + parameter + "=" + article.id;
            link.textContent = article.title;
            item.appendChild(link);
            results.appendChild(item);
          });
          if (!data.results.length && input.value.trim()) {
            var none = document.createElement("li");
            none.textContent = "No story with leads matches.";
            results.appendChild(none);
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
