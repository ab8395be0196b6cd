// The check-in service worker (served as /admin/check-in-sw.js, scope
// /admin/): keeps the check-in screen of each event and the files it needs,
// so the page opens when the venue's Wi-Fi is gone. A scanned check-in link
// (/admin/check-in?code=…) opened offline gets a small page that finds the
// person in the list the screen stored (src/web/views/check-in.js).
// Online, the network always answers first; the cache is only a fallback.
"use strict";

var CACHE = "tessera-check-in-v1";
var FILES = ["/assets/site.css", "/assets/check-in.js"];
var SCREEN = /^\/admin\/events\/[^/]+\/check-in$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(FILES);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("tessera-check-in-") === 0 && name !== CACHE;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

// Logging out forgets the kept pages (they hold attendees' names). A
// check-in screen first opened before this worker ran asks to be kept;
// the answer goes back on the message's port.
self.addEventListener("message", function (event) {
  if (event.data === "forget") {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  var path = event.data && event.data.keep;
  var reply = event.ports && event.ports[0];
  if (typeof path !== "string" || !SCREEN.test(path)) {
    return;
  }
  event.waitUntil(
    fetch(path, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) {
        throw new Error("not kept");
      }
      return caches.open(CACHE).then(function (cache) {
        return cache.put(path, response);
      });
    }).then(function () {
      if (reply) {
        reply.postMessage({ kept: true });
      }
    }).catch(function () {
      if (reply) {
        reply.postMessage({ kept: false });
      }
    })
  );
});

function keep(key, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) {
      return cache.put(key, copy);
    });
  }
  return response;
}

function offlineCard() {
  var html =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex"><title>Check-in card (offline) · Tessera</title>' +
    '<link rel="stylesheet" href="/assets/site.css"></head><body class="admin">' +
    '<header class="site"><div class="bar"><span class="brand">Tessera ' +
    '<span class="tagline">Check-in, offline</span></span></div></header>' +
    '<main id="main"><div data-offline-card><h1>Check-in card</h1>' +
    "<p>Looking for this code in the list kept on this phone…</p></div></main>" +
    '<script src="/assets/check-in.js" defer></script></body></html>';
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function offlinePage() {
  return new Response(
    "<!DOCTYPE html><title>Offline</title><p>This page was not kept for offline use. " +
      "Open the event's check-in screen once while online.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
  );
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(
      fetch(request).then(function (response) {
        return keep(url.pathname, response);
      }).catch(function () {
        return caches.match(url.pathname);
      })
    );
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  if (SCREEN.test(url.pathname)) {
    // Kept without its query: the page itself, whatever was searched.
    event.respondWith(
      fetch(request).then(function (response) {
        return url.search ? response : keep(url.pathname, response);
      }).catch(function () {
        return caches.match(url.pathname).then(function (kept) {
          return kept || offlinePage();
        });
      })
    );
    return;
  }
  if (url.pathname === "/admin/check-in" && url.searchParams.has("code")) {
    event.respondWith(
      fetch(request).catch(function () {
        return offlineCard();
      })
    );
  }
});
