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

  // Mock interviews: count down, and show the model answer when time is up.
  var timer = null;
  function startMockTimer(root) {
    var box = root.querySelector(".mock-timer");
    if (!box) return;
    if (timer) window.clearInterval(timer);
    var value = box.querySelector(".mock-timer-value");
    function tick() {
      if (!document.body.contains(box)) { window.clearInterval(timer); return; }
      var deadline = (Number(box.dataset.started) + Number(box.dataset.seconds)) * 1000;
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      value.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      box.classList.toggle("is-low", left <= 30);
      if (left === 0) {
        window.clearInterval(timer);
        var form = box.closest("form");
        var submit = form.querySelector(".reveal-button");
        if (!submit || submit.disabled) return;
        form.elements.timed_out.value = "1";
        var announcer = document.getElementById("quiz-announcer");
        if (announcer) announcer.textContent = "Time’s up. The model answer is shown.";
        submit.click();
      }
    }
    tick();
    timer = window.setInterval(tick, 1000);
  }

  // After a swap, put focus where the person's next action is.
  function focusTarget(root) {
    var target = root.querySelector("[data-autofocus]");
    if (target) target.focus({ preventScroll: false });
  }

  // Code blocks and wide tables scroll sideways; make them reachable from the keyboard.
  function makeScrollersFocusable(root) {
    root.querySelectorAll(".prose pre, .prose table").forEach(function (element) {
      if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0");
    });
  }

  // On a phone the last year is wider than the screen: start at its latest weeks, today among them.
  function scrollHeatmapsToToday(root) {
    root.querySelectorAll(".heatmap-figure").forEach(function (figure) {
      figure.scrollLeft = figure.scrollWidth;
    });
  }

  // htmx puts back the results of a live search on Back and Forward, but not
  // what the search box held: show the query of the address being shown.
  function showQueryOfAddress() {
    var box = document.getElementById("browse-q");
    if (!box) return;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    if (box.value !== query) box.value = query;
  }

  // The header's search box brings in the browse page as you type; carry on
  // typing in the browse page's own box, keeping what was typed meanwhile.
  function handOverHeaderSearch() {
    var header = document.getElementById("site-search");
    var box = document.getElementById("browse-q");
    if (!header || !box || document.activeElement !== header) return;
    header.closest("form").hidden = true;
    var typed = header.value;
    box.focus();
    if (box.value !== typed) {
      box.value = typed;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    box.setSelectionRange(typed.length, typed.length);
  }

  function enhance(root) {
    addCopyButtons(root);
    scrollHeatmapsToToday(root);
    makeScrollersFocusable(root);
    foldFacetsOnSmallScreens(root);
    startMockTimer(root);
  }

  // Keys 1-4 press the matching visible rating button.
  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function visible(element) {
    return element !== null && element.offsetParent !== null && !element.disabled;
  }

  function openShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // j/k walk through the list of questions on the browse page.
  function moveInList(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".card-list .card-item-title"));
    if (!links.length) return false;
    var index = links.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, index + step));
    links[next].focus();
    links[next].scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-open-shortcuts]")) openShortcuts();
  });

  document.addEventListener("keydown", function (event) {
    if (!event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
      if (event.key === "?") { event.preventDefault(); openShortcuts(); return; }
      if (event.key === "/") {
        var search = document.getElementById("browse-q") || document.getElementById("site-search");
        if (search) { event.preventDefault(); search.focus(); search.select(); }
        return;
      }
      if ((event.key === "j" || event.key === "k") && moveInList(event.key === "j" ? 1 : -1)) {
        event.preventDefault();
        return;
      }
    }
    // Ctrl+Enter in the mock-interview answer box shows the model answer.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "mock-answer") {
      var submit = document.querySelector(".reveal-form .reveal-button");
      if (visible(submit)) { event.preventDefault(); submit.click(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === " " && !event.target.closest("button, a, summary")) {
      var reveal = document.querySelector(".reveal-button");
      if (visible(reveal)) { event.preventDefault(); reveal.click(); return; }
      // The card page: Space shows the answer, as in the quiz.
      var answer = document.querySelector(".answer-toggle:not([open])");
      if (answer) { event.preventDefault(); answer.open = true; answer.querySelector("summary").focus(); }
      return;
    }
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

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var stage = document.getElementById("quiz-stage");
    if (stage) focusTarget(stage);
  });
  document.addEventListener("htmx:historyRestore", showQueryOfAddress);
  window.addEventListener("pageshow", showQueryOfAddress);
  function afterSwap(event) {
    handOverHeaderSearch();
    var stage = document.getElementById("quiz-stage");
    enhance(stage || event.target);
    if (stage) focusTarget(stage);
  }
  document.addEventListener("htmx:afterSettle", afterSwap);
  // Once the header has handed over to the browse page's box, a slow answer to a header search still
  // on its way would replace the page, and with it what was typed in that box since: it is dropped.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (form && form.classList.contains("header-search") && form.hidden) event.detail.shouldSwap = false;
  });
  document.addEventListener("questionbank:swapped", afterSwap);  // a quiz going on offline (offline.js)
})();
