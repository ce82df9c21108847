// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function addCopyButtons(root) {
    root.querySelectorAll(".prose .highlight").forEach(function (block) {
      if (block.querySelector(".copy-button")) return;
      var code = block.querySelector("pre code") || block.querySelector("pre");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        copyText(code.innerText).then(
          function () { flash(button, "Copied"); },
          function () { flash(button, "Press Ctrl+C"); selectText(code); }
        );
      });
      block.appendChild(button);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("clipboard unavailable"));
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function flash(button, message) {
    button.textContent = message;
    window.setTimeout(function () { button.textContent = "Copy"; }, 1600);
  }

  // On a phone the filter lists would push the results off screen: start them
  // folded, except a group with a filter in use.
  function foldFacetsOnSmallScreens(root) {
    if (!window.matchMedia("(max-width: 48rem)").matches) return;
    root.querySelectorAll(".facet-group").forEach(function (group) {
      if (!group.querySelector(".is-active")) group.open = false;
    });
  }

  function enhance(root) {
    addCopyButtons(root);
    foldFacetsOnSmallScreens(root);
  }

  // Keys 1-4 press the matching visible rating button.
  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (!/^[1-4]$/.test(event.key)) return;
    var buttons = document.querySelectorAll('.rating-button[data-key="' + event.key + '"]');
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].offsetParent !== null && !buttons[i].disabled) {
        event.preventDefault();
        buttons[i].click();
        return;
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
