// Offline practice: registers the service worker, and lets a quiz go on without a connection.
// Each card's stages (before and after revealing) are kept in IndexedDB when the quiz opens;
// offline, revealing and rating swap them in here, and each rating waits in IndexedDB with its
// one-time token until it is sent to /api/v1/quizzes/<id>/ratings. The server records a token
// once, so a rating sent twice, or from a second device, counts once. Each rating keeps who made
// it (offline/owners.py), and is sent only while that person is signed in on this device.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.indexedDB) return;

  var script = document.currentScript;
  var workerUrl = script && script.dataset.sw;
  if (!workerUrl) return;
  var version = new URL(workerUrl, location.href).searchParams.get("v");
  navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {});

  // IndexedDB: "quizzes" holds each quiz's stages, "ratings" the ratings waiting to be sent.
  var database = null;
  function db() {
    database = database || new Promise(function (resolve, reject) {
      var opening = indexedDB.open("questionbank-offline", 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore("quizzes", { keyPath: "id" });
        opening.result.createObjectStore("ratings", { keyPath: "token" });
      };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
    return database;
  }
  function store(name, mode, work) {
    return db().then(function (handle) {
      return new Promise(function (resolve, reject) {
        var request = work(handle.transaction(name, mode).objectStore(name));
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    });
  }
  var waiting = function () { return store("ratings", "readonly", function (s) { return s.getAll(); }); };
  function putAll(name, items) {
    if (!items.length) return Promise.resolve();
    return db().then(function (handle) {
      return new Promise(function (resolve, reject) {
        var transaction = handle.transaction(name, "readwrite");
        items.forEach(function (item) { transaction.objectStore(name).put(item); });
        transaction.oncomplete = function () { resolve(); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  // Who is signed in now: { owner, name, took_over }, asked of the server while online. A rating
  // waits for its owner; a visitor's become the account's when the visitor signs in, as their
  // quizzes do (took_over lists them). Unknown (null) until asked; offline, the kept quiz's owner.
  var me = null;
  function whoIsHere() {
    return fetch("/offline/owner.json", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (found) { me = found; return takeOver(found); })
      .catch(function () { return null; });
  }
  function takeOver(found) {
    var taken = found.took_over || [];
    if (!taken.length || !found.owner) return Promise.resolve(found);
    function moved(items) {
      return items.filter(function (item) { return taken.indexOf(item.owner) !== -1; })
        .map(function (item) { item.owner = found.owner; item.owner_name = found.name; return item; });
    }
    return waiting().then(function (all) { return putAll("ratings", moved(all)); })
      .then(function () { return store("quizzes", "readonly", function (s) { return s.getAll(); }); })
      .then(function (kept) { return putAll("quizzes", moved(kept)); })
      .then(function () { return found; });
  }
  // Ratings queued before they kept an owner are anyone's, as they were then.
  function mine(entry) { return !me || !entry.owner || entry.owner === me.owner; }

  // The banner: offline, and how many ratings wait.
  var banner = document.createElement("p");
  banner.className = "offline-banner";
  banner.setAttribute("role", "status");
  banner.hidden = true;
  document.body.insertBefore(banner, document.body.firstChild);
  var pending = 0;  // this person's ratings waiting
  var others = [];  // { name, count } for everyone else's
  function ratings(count) { return count === 1 ? "1 rating" : count + " ratings"; }
  function showBanner() {
    var parts = [];
    if (!navigator.onLine) {
      parts.push("You are offline. " + (pending ? ratings(pending) + (pending === 1 ? " is" : " are") +
        " waiting to be sent." : "Quizzes you opened go on."));
    } else if (pending) {
      parts.push("Back online: sending " + ratings(pending) + "…");
    }
    others.forEach(function (other) {
      parts.push(other.name
        ? ratings(other.count) + " waiting for " + other.name + " — sign in as them to send."
        : ratings(other.count) + " waiting for a visitor without an account — they are sent from that visitor’s session.");
    });
    banner.textContent = parts.join(" ");
    banner.hidden = !banner.textContent;
  }
  function recount() {
    return waiting().then(function (all) {
      var owners = {};
      all.forEach(function (entry) {
        if (mine(entry)) return;
        owners[entry.owner] = owners[entry.owner] || { name: entry.owner_name || "", count: 0 };
        owners[entry.owner].count += 1;
      });
      pending = all.filter(mine).length;
      others = Object.keys(owners).sort().map(function (owner) { return owners[owner]; });
      showBanner();
      return all;
    });
  }

  // Sending the queue, oldest first. A refused rating (its quiz gone, say) is dropped; a network
  // failure, a limit or a lost session stops the round and keeps the rest for the next one.
  var sending = null;
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : field ? field.value : "";
  }
  function sendOne(entry) {
    var asker = me && me.owner;  // who sends it, asked now: another round may learn who is here meanwhile
    return fetch("/api/v1/quizzes/" + entry.quiz + "/ratings", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ token: entry.token, rating: entry.rating, seconds: entry.seconds,
                             rated_at: entry.rated_at, answer_text: entry.answer_text || "" }),
    }).then(function (response) {
      var keep = response.status >= 500 || [401, 403, 429].indexOf(response.status) !== -1;
      if (keep) throw new Error("kept for later: " + response.status);
      if (response.ok) return forget(entry);
      // Refused: dropped only if the person who sent it is still signed in. Signing in or out while
      // a rating was on its way changes the session under it, and the rating belongs to the next round.
      return whoIsHere().then(function (found) {
        if (!found || found.owner !== asker) throw new Error("kept: signed in or out while sending");
        return forget(entry);
      });
    });
  }
  function forget(entry) {
    return store("ratings", "readwrite", function (s) { return s.delete(entry.token); });
  }
  // Only the ratings of whoever is signed in now; nothing while that cannot be asked.
  function send() {
    if (sending || !navigator.onLine) return sending || Promise.resolve(0);
    document.documentElement.dataset.sending = "1";
    sending = whoIsHere().then(function (found) { return found ? recount() : []; }).then(function (all) {
      var ours = all.filter(mine);
      ours.sort(function (a, b) { return a.rated_at < b.rated_at ? -1 : 1; });
      var sent = 0;
      return ours.reduce(function (chain, entry) {
        return chain.then(function () {
          if (holding) throw new Error("kept: signing in");
          return sendOne(entry).then(function () { sent += 1; });
        });
      }, Promise.resolve()).catch(function () {}).then(function () { return sent; });
    }).then(function (sent) { sending = null; return recount().then(function () { return sent; }); },
            function () { sending = null; return 0; })
      .then(function (sent) { delete document.documentElement.dataset.sending; return sent; });
    return sending;
  }

  window.addEventListener("online", function () { showBanner(); send().then(afterSending); });
  window.addEventListener("offline", showBanner);

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) location.reload();
  });

  // Signing in or up waits for a rating already on its way (a few seconds at most), and starts no
  // other. A visitor's rating lands in their session, which the log-in replaces; what has not been
  // sent yet stays queued and goes as the account's afterwards.
  var ACCOUNT_FORM = /\/accounts\/(login|signup)\/$/;
  var holding = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.waited || !ACCOUNT_FORM.test(new URL(form.action, location.href).pathname)) return;
    holding = true;
    if (!sending) return;
    event.preventDefault();
    var submitter = event.submitter;
    Promise.race([sending, new Promise(function (resolve) { setTimeout(resolve, 5000); })]).then(function () {
      form.dataset.waited = "1";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  });

  // Logging out forgets the quizzes kept on this device.
  document.addEventListener("submit", function (event) {
    if (!/\/accounts\/logout\/$/.test(event.target.action || "")) return;
    store("quizzes", "readwrite", function (s) { return s.clear(); });
    caches.keys().then(function (names) {
      names.filter(function (n) { return n.indexOf("qb-pages-") === 0; }).forEach(function (n) { caches.delete(n); });
    });
  });

  var stage = document.getElementById("quiz-stage");
  var quizId = (location.pathname.match(/^\/practice\/quiz\/([0-9a-f-]+)\/$/) || [])[1];
  if (!stage || !quizId) {
    recount().then(function (all) { if (all.length) send(); });
    return;
  }

  // The quiz: its stages kept while online, swapped in here while offline.
  var stages = null;  // a <div> of <template data-token data-state> elements
  var kept = null;    // what IndexedDB holds for this quiz: its stages, and whose quiz it is
  var shownAt = Date.now();
  var typed = "";     // a mock interview's answer, typed before revealing

  function keepStages() {
    return fetch(stage.dataset.offlineUrl, { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        var quiz = { id: quizId, html: html, owner: me ? me.owner : "", owner_name: me ? me.name : "" };
        return store("quizzes", "readwrite", function (s) { return s.put(quiz); });
      })
      .then(function () { return caches.open("qb-pages-" + version); })
      .then(function (cache) { return cache.add(location.pathname); })
      .then(function () { document.documentElement.dataset.offlineReady = "1"; });
  }
  function loadStages() {
    return store("quizzes", "readonly", function (s) { return s.get(quizId); }).then(function (found) {
      kept = found || null;
      if (!kept) return null;
      if (!me && kept.owner) me = { owner: kept.owner, name: kept.owner_name, took_over: [] };
      stages = document.createElement("div");
      stages.innerHTML = kept.html;
      return stages;
    });
  }
  function show(token, state) {
    var template = stages && stages.querySelector('template[data-token="' + token + '"][data-state="' + state + '"]');
    var current = document.getElementById("quiz-stage");
    if (!template || !current) return false;
    var next = template.content.firstElementChild.cloneNode(true);
    if (state === "answer") showTyped(next.querySelector("[data-typed-answer]"));
    current.replaceWith(next);
    if (state === "question") shownAt = Date.now();
    var timer = next.querySelector(".mock-timer");
    if (timer) timer.dataset.started = String(Math.floor(shownAt / 1000));
    next.dispatchEvent(new CustomEvent("questionbank:swapped", { bubbles: true }));
    return true;
  }
  // A mock interview's answer, as the server shows it (Django's linebreaks): paragraphs and line breaks.
  function showTyped(box) {
    if (!box || !typed.trim()) return;
    box.textContent = "";
    typed.replace(/\r\n?/g, "\n").trim().split(/\n{2,}/).forEach(function (paragraph) {
      var p = document.createElement("p");
      paragraph.split("\n").forEach(function (line, index) {
        if (index) p.append(document.createElement("br"));
        p.append(line);
      });
      box.append(p);
    });
    box.closest(".mock-answer").hidden = false;
  }
  function showFinished() {
    var current = document.getElementById("quiz-stage");
    var done = document.createElement("div");
    done.id = "quiz-stage";
    done.className = "quiz-stage quiz-offline-done";
    var heading = document.createElement("h1");
    heading.textContent = "That was the last card";
    heading.tabIndex = -1;
    var text = document.createElement("p");
    text.textContent = "Your ratings are kept on this device and sent when you are back online; the summary opens then.";
    done.append(heading, text);
    current.replaceWith(done);
    heading.focus();
  }
  // The first card not yet rated, here or on the server (whose stages were kept).
  function showCurrent(all) {
    var queued = {};
    all.forEach(function (entry) { queued[entry.token] = true; });
    var templates = stages.querySelectorAll('template[data-state="question"]');
    for (var i = 0; i < templates.length; i++) {
      var token = templates[i].dataset.token;
      if (!queued[token]) {
        if (document.getElementById("quiz-stage").dataset.token !== token) show(token, "question");
        return;
      }
    }
    showFinished();
  }

  function local() { return !navigator.onLine || pending > 0; }

  function handle(form, submitter) {
    var current = document.getElementById("quiz-stage");
    if (form.classList.contains("reveal-form")) {
      var box = form.querySelector("textarea");
      typed = box ? box.value : "";
      show(current.dataset.token, "answer");
    } else if (form.classList.contains("rating-form") && submitter) {
      var entry = {
        token: form.querySelector("input[name=token]").value, quiz: quizId, rating: Number(submitter.value),
        seconds: Math.min(1800, Math.round((Date.now() - shownAt) / 1000)),
        rated_at: new Date().toISOString(), answer_text: typed,
        owner: (kept && kept.owner) || (me && me.owner) || "", owner_name: (kept && kept.owner_name) || (me && me.name) || "",
      };
      typed = "";
      store("ratings", "readwrite", function (s) { return s.put(entry); })
        .then(recount).then(showCurrent);
    } else {
      banner.textContent = "Ending a quiz needs a connection; rate the cards, or come back online.";
      banner.hidden = false;
    }
  }

  // Before htmx sends a form of the stage: offline (or with ratings still waiting, which must
  // reach the server first), the form is handled here instead.
  var lastSubmit = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest || !form.closest("#quiz-stage")) return;
    lastSubmit = { form: form, submitter: event.submitter };
    if (!local() || !stages) return;
    event.preventDefault();
    event.stopPropagation();
    handle(form, event.submitter);
  }, true);
  // Online as far as the browser knows, but the request never arrived.
  document.addEventListener("htmx:sendError", function () {
    if (lastSubmit && stages) handle(lastSubmit.form, lastSubmit.submitter);
  });

  loadStages().then(function () { return navigator.onLine ? whoIsHere() : null; }).then(recount).then(function (all) {
    if (navigator.onLine) {
      var ours = all.filter(function (entry) { return entry.quiz === quizId && mine(entry); });
      if (ours.length) return send().then(afterSending);
      return keepStages().then(loadStages).catch(function () {});
    }
    if (stages) showCurrent(all);
  });

  function afterSending(sent) {
    if (sent && document.getElementById("quiz-stage")) location.reload();
  }
})();
