// Copy buttons for configuration snippets: one after each <pre class="snippet">. Without
// JavaScript there are no buttons and the text is selected and copied by hand as usual.
(function () {
  "use strict";

  function select(pre) {
    var range = document.createRange();
    range.selectNodeContents(pre);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(button, ok) {
    button.textContent = ok ? "Copied" : "Selected: press Ctrl+C";
    setTimeout(function () { button.textContent = "Copy"; }, 2500);
  }

  function copy(pre, button) {
    // The selection shows what was copied, and is what the fallback copies.
    select(pre);
    var text = pre.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, document.execCommand("copy")); });
    } else {
      copied(button, document.execCommand("copy"));
    }
  }

  document.querySelectorAll("pre.snippet").forEach(function (pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "small copy";
    button.textContent = "Copy";
    var label = pre.getAttribute("data-label");
    if (label) {
      button.setAttribute("aria-label", "Copy the " + label);
    }
    if (pre.id) {
      button.id = pre.id + "-copy";
    }
    button.addEventListener("click", function () { copy(pre, button); });
    pre.parentNode.insertBefore(button, pre.nextSibling);
  });
})();
