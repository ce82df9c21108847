// Run, edit and reset the runnable Python examples, in a Web Worker running
// Pyodide; predict the output where a card states it. Without WebAssembly or
// Workers nothing is added and the blocks stay as the server rendered them.
(function () {
  "use strict";
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") return;

  var WORKER_URL = document.currentScript.dataset.worker;
  var TIME_LIMIT_MS = 5000;
  var python = null; // the current worker, started on the first Run
  var queue = Promise.resolve(); // runs go one at a time
  var nextId = 0;
  var blockCount = 0;

  // A worker and a promise of its Pyodide being loaded; `onProgress` hears the bytes downloaded.
  function startPython() {
    var worker = new Worker(WORKER_URL);
    var state = { worker: worker, listeners: {}, onProgress: null };
    state.ready = new Promise(function (resolve, reject) {
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "progress" && state.onProgress) state.onProgress(message.bytes);
        else if (message.type === "ready") resolve();
        else if (message.type === "failed") reject(new Error(message.message));
        else if (state.listeners[message.id]) state.listeners[message.id](message);
      };
      worker.onerror = function (event) {
        event.preventDefault();
        reject(new Error(event.message || "the worker failed to start"));
      };
    });
    state.ready.then(function () { state.loaded = true; }, function () {});
    worker.postMessage({ type: "load" });
    return state;
  }

  function stopPython() {
    if (python) python.worker.terminate();
    python = null;
  }

  // Run `code`; resolves to {chunks, status} or {timedOut: true} or {failed: message}.
  function runCode(code, onProgress) {
    var result = queue.then(function () {
      if (!python) python = startPython();
      var current = python;
      current.onProgress = onProgress;
      return current.ready.then(function () { return runInWorker(current, code); }, function (error) {
        stopPython();
        return { failed: error.message };
      });
    });
    queue = result.catch(function () {});
    return result;
  }

  function runInWorker(current, code) {
    return new Promise(function (resolve) {
      var id = ++nextId;
      var chunks = [];
      var started = performance.now();
      var timer = window.setTimeout(function () {
        delete current.listeners[id];
        stopPython();
        python = startPython(); // a fresh interpreter, loading from the cache while the message is read
        resolve({ timedOut: true });
      }, TIME_LIMIT_MS);
      current.listeners[id] = function (message) {
        if (message.type === "stream") { chunks.push(message); return; }
        window.clearTimeout(timer);
        delete current.listeners[id];
        if (message.type === "crashed") {
          stopPython();
          python = startPython();
          resolve({ crashed: message.message.split("\n")[0] });
          return;
        }
        resolve({ chunks: chunks, status: message.status, ms: performance.now() - started });
      };
      current.worker.postMessage({ type: "run", id: id, code: code });
    });
  }

  // The same comparison as check_examples: trailing spaces and trailing blank lines do not count.
  function normalised(text) {
    var lines = text.split("\n").map(function (line) { return line.replace(/\s+$/, ""); });
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines.join("\n");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, className) {
    var node = element("button", "button button-small " + className, label);
    node.type = "button";
    return node;
  }

  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(1) + " MB";
  }

  // Everything one runnable block needs: its controls, its output area, its state.
  function setUp(block) {
    var pre = block.querySelector("pre");
    var code = pre.querySelector("code") || pre;
    var original = code.textContent.replace(/\n$/, "");
    var id = "run-" + ++blockCount;
    var wrapper = element("div", "run-block");
    block.parentNode.insertBefore(wrapper, block);
    wrapper.appendChild(block);

    var stated = wrapper.nextElementSibling;
    if (!(stated && stated.matches(".highlight.output"))) stated = null;

    var bar = element("div", "run-bar");
    var run = button("Run", "button-primary run-button");
    run.setAttribute("aria-keyshortcuts", "Control+Enter");
    var edit = button("Edit", "edit-button");
    var reset = button("Reset", "reset-button");
    reset.hidden = true;
    bar.append(run, edit, reset, element("span", "run-hint", "Ctrl+Enter runs"));
    wrapper.appendChild(bar);

    var prediction = null;
    if (stated) {
      stated.hidden = true;
      var predict = element("div", "run-predict");
      var label = element("label", "", "What will it print? Type your prediction, then Run.");
      label.htmlFor = id + "-prediction";
      prediction = element("textarea", "run-prediction");
      prediction.id = label.htmlFor;
      prediction.rows = Math.max(2, stated.textContent.trim().split("\n").length);
      prediction.spellcheck = false;
      predict.append(label, prediction);
      wrapper.appendChild(predict);
    }

    var result = element("div", "run-result");
    result.id = id + "-result";
    result.setAttribute("aria-live", "polite");
    wrapper.appendChild(result);
    run.setAttribute("aria-controls", result.id);

    var editor = null;
    function source() { return editor ? editor.value : original; }

    edit.addEventListener("click", function () {
      editor = element("textarea", "run-editor");
      editor.value = original;
      editor.rows = original.split("\n").length + 1;
      editor.spellcheck = false;
      editor.setAttribute("aria-label", "Edit the code");
      editor.setAttribute("autocapitalize", "off");
      pre.hidden = true;
      block.appendChild(editor);
      edit.hidden = true;
      reset.hidden = false;
      editor.focus();
    });
    reset.addEventListener("click", function () {
      editor.remove();
      editor = null;
      pre.hidden = false;
      edit.hidden = false;
      reset.hidden = true;
      edit.focus();
    });
    run.addEventListener("click", function () { start(); });
    wrapper.runExample = start;

    function start() {
      if (run.disabled) return;
      run.disabled = true;
      wrapper.classList.add("is-running");
      var status = element("p", "run-status", "Running…");
      var progress = null;
      result.replaceChildren(status);
      if (!(python && python.loaded)) {
        status.textContent = "Loading Python…";
        progress = element("progress", "run-progress");
        progress.setAttribute("aria-label", "Downloading Python");
        result.appendChild(progress);
      }
      runCode(source(), function (bytes) {
        status.textContent = "Downloading Python… " + megabytes(bytes);
      }).then(function (outcome) {
        show(outcome);
      }).finally(function () {
        run.disabled = false;
        wrapper.classList.remove("is-running");
      });
    }

    function show(outcome) {
      var status = element("p", "run-status");
      result.replaceChildren(status);
      if (outcome.failed) {
        status.textContent = "Python could not start in this browser: " + outcome.failed;
        status.classList.add("is-error");
        return;
      }
      if (outcome.crashed) {
        status.textContent = "Python crashed (" + outcome.crashed + "), most likely from recursion too deep for the browser. It has been restarted.";
        status.classList.add("is-error");
        return;
      }
      if (outcome.timedOut) {
        status.textContent = "Stopped after " + TIME_LIMIT_MS / 1000 + " seconds: the code was still running. Python has been restarted.";
        status.classList.add("is-error");
        return;
      }
      status.textContent = outcome.status === 0 ? "Ran in " + Math.round(outcome.ms) + " ms." : "Exited with an error.";
      if (outcome.status !== 0) status.classList.add("is-error");
      var output = element("pre", "run-output");
      var stdout = "";
      outcome.chunks.forEach(function (chunk) {
        output.appendChild(element("span", chunk.stream === "stderr" ? "run-stderr" : "run-stdout", chunk.text));
        if (chunk.stream === "stdout") stdout += chunk.text;
      });
      if (!outcome.chunks.length) output.appendChild(element("span", "run-empty", "(no output)"));
      output.tabIndex = 0;
      if (prediction) showComparison(prediction.value, stdout, output);
      else result.appendChild(output);
    }

    function showComparison(guess, stdout, output) {
      var columns = element("div", "run-compare");
      var mine = element("div");
      mine.append(element("h4", "", "Your prediction"), element("pre", "run-output", guess.trim() ? guess : "(nothing typed)"));
      var real = element("div");
      real.append(element("h4", "", "Output"), output);
      columns.append(mine, real);
      result.appendChild(columns);
      if (!guess.trim()) return;
      var match = normalised(guess) === normalised(stdout);
      result.appendChild(element("p", "run-verdict " + (match ? "is-match" : "is-miss"),
        match ? "✓ Your prediction matches the output." : "✗ Not quite: compare the two, line by line."));
    }
  }

  function enhance(root) {
    root.querySelectorAll(".prose .highlight.runnable").forEach(function (block) {
      if (block.closest(".run-block")) return;
      setUp(block);
    });
  }

  // Ctrl+Enter (Cmd+Enter on a Mac) anywhere in a runnable block runs it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var wrapper = event.target.closest && event.target.closest(".run-block");
    if (!wrapper || !wrapper.runExample) return;
    event.preventDefault();
    wrapper.runExample();
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // Quiz and mock-interview answers arrive by htmx swaps.
  document.addEventListener("htmx:afterSwap", function () { enhance(document); });
})();
