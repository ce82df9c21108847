// Runs Python examples with Pyodide, away from the page. The page posts
//   {type: "load"}             once, then
//   {type: "run", id, code}    for each run,
// and hears back "progress" (bytes downloaded), "ready", "stream" (stdout and
// stderr as they are written) and "done". A run that never ends is the page's
// to stop: it terminates this worker and starts a new one.
"use strict";

// Pinned by `make vendor`; the folder's version changes with the files, so they are cached for good.
var PYODIDE_URL = new URL("../vendor/pyodide/0.29.5/", self.location).href;
var pyodide = null;
var running = null; // the id of the run whose output is being written
var runPython = null;
var downloaded = 0;

// Count the bytes of every file Pyodide fetches, so the page can show the download.
var plainFetch = self.fetch.bind(self);
self.fetch = function (input, init) {
  return plainFetch(input, init).then(function (response) {
    if (!response.body) return response;
    var reader = response.body.getReader();
    var counted = new ReadableStream({
      pull: function (controller) {
        return reader.read().then(function (chunk) {
          if (chunk.done) { controller.close(); return; }
          downloaded += chunk.value.byteLength;
          self.postMessage({ type: "progress", bytes: downloaded });
          controller.enqueue(chunk.value);
        });
      },
      cancel: function (reason) { return reader.cancel(reason); }
    });
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
};

// Like `python -I -c code`: a fresh __main__ module each run, and modules the run imported are forgotten after it.
// The run's garbage is collected before it ends, so that whatever freeing it costs is charged to this run, not
// to whichever later run the collector happens to interrupt.
var RUNNER = [
  "import gc, sys, traceback, types",
  "def _run_example(code):",
  "    before = set(sys.modules)",
  "    main, sys.modules['__main__'] = sys.modules['__main__'], types.ModuleType('__main__')",
  "    status = 0",
  "    try:",
  "        exec(compile(code, '<string>', 'exec'), sys.modules['__main__'].__dict__)",
  "    except SystemExit as exit:",
  "        status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)",
  "        if status and not isinstance(exit.code, int):",
  "            print(exit.code, file=sys.stderr)",
  "    except BaseException as error:",
  "        traceback.print_exception(error.with_traceback(error.__traceback__.tb_next))",
  "        status = 1",
  "    finally:",
  "        sys.stdout.flush()",
  "        sys.stderr.flush()",
  "        sys.modules['__main__'] = main",
  "        for name in set(sys.modules) - before:",
  "            del sys.modules[name]",
  "        gc.collect()",
  "    return status",
  "_run_example"
].join("\n");

function stream(name) {
  var decoder = new TextDecoder();
  return {
    write: function (bytes) {
      self.postMessage({ type: "stream", id: running, stream: name, text: decoder.decode(bytes, { stream: true }) });
      return bytes.length;
    }
  };
}

function load() {
  importScripts(PYODIDE_URL + "pyodide.js");
  return self.loadPyodide({ indexURL: PYODIDE_URL, fullStdLib: false }).then(function (instance) {
    pyodide = instance;
    pyodide.setStdout(stream("stdout"));
    pyodide.setStderr(stream("stderr"));
    runPython = pyodide.runPython(RUNNER);
    self.postMessage({ type: "ready", bytes: downloaded });
  });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "load") {
    load().catch(function (error) {
      self.postMessage({ type: "failed", message: String(error && error.message || error) });
    });
  } else if (message.type === "run") {
    // callPromising lets asyncio.run() wait on the browser's event loop (JavaScript Promise Integration).
    running = message.id;
    var call = runPython.callPromising(message.code);
    call.then(function (status) {
      self.postMessage({ type: "done", id: message.id, status: status });
    }, function (error) {
      // A fatal error (the JavaScript stack overflowing under deep recursion, say) leaves Pyodide unusable.
      self.postMessage({ type: "crashed", id: message.id, message: String(error && error.message || error) });
    });
  }
};
