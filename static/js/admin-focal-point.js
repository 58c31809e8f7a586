/* The image library's focal point: click on the picture to set it (the two number
   fields stay the accessible way to set it by keyboard). */
(function () {
  "use strict";

  function start() {
    var picker = document.querySelector(".focal-picker");
    var x = document.getElementById("id_focal_x");
    var y = document.getElementById("id_focal_y");
    if (!picker || !x || !y) { return; }
    var image = picker.querySelector("img");
    var marker = picker.querySelector(".focal-picker__marker");

    function place() {
      marker.style.left = x.value + "%";
      marker.style.top = y.value + "%";
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
      y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
