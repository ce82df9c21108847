// The service worker: keeps the app shell, the quiz pages opened, and an offline page.
// Served from /sw.js?v=<version>; the version changes with the static files, and a new
// worker drops every cache of the one before, so no page outlives the CSS it was made for.
"use strict";

var VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
var SHELL = "qb-shell-" + VERSION;
var PAGES = "qb-pages-" + VERSION;
var OFFLINE_PAGE = "/offline/";
// Pages kept for offline use when they are opened: quizzes, their stages, today's session.
var KEPT = [/^\/practice\/quiz\/[0-9a-f-]+\/$/, /^\/practice\/quiz\/[0-9a-f-]+\/offline\/$/, /^\/today\/$/];

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch("/offline/precache.json", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (shell) {
        // Without cookies: the offline page is the same for whoever is signed in on this device.
        var requests = shell.urls.map(function (url) { return new Request(url, { credentials: "omit" }); });
        return caches.open(SHELL).then(function (cache) { return cache.addAll(requests); });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("qb-") === 0 && name !== SHELL && name !== PAGES;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function kept(url) {
  return KEPT.some(function (pattern) { return pattern.test(url.pathname); });
}

// Hashed static files never change under one name: the cache first, the network for the rest.
function staticFile(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// Pages: always the network when there is one; offline, the copy kept, else the offline page.
function page(request, url) {
  return fetch(request).then(function (response) {
    // An htmx fragment of a page is not the page: never keep one in its place.
    if (response.ok && !response.redirected && kept(url) && !request.headers.get("HX-Request")) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES)
      .then(function (cache) { return cache.match(url.pathname); })
      .then(function (hit) { return hit || caches.match(OFFLINE_PAGE); })
      .then(function (hit) { return hit || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate" || kept(url)) {
    event.respondWith(page(request, url));
  }
});
