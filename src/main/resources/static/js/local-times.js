// Shows each <time data-local> in the viewer's time zone; the page itself says UTC, which stays
// on hover. Without this script the UTC times are what the page shows.
(function () {
  function pad(n) {
    return String(n).padStart(2, "0");
  }
  document.querySelectorAll("time[data-local]").forEach(function (t) {
    var at = new Date(t.getAttribute("datetime"));
    if (isNaN(at.getTime())) {
      return;
    }
    var text = at.getFullYear() + "-" + pad(at.getMonth() + 1) + "-" + pad(at.getDate()) + " " +
      pad(at.getHours()) + ":" + pad(at.getMinutes());
    if (t.hasAttribute("data-seconds")) {
      text += ":" + pad(at.getSeconds());
    }
    t.title = t.textContent.trim();
    t.textContent = text;
    t.classList.add("local");
  });
})();
