/*
 * HAsync device app: the app shell for an offline start, and nothing else.
 *
 * Registered by the device app only (never the admin UI). It answers just these, all relative to
 * its scope (the LAN port's root): the app's page ("" and "invite", both the same screen.html),
 * its built files under "assets/", the manifest and the icons. Every other request (the API,
 * WebSocket, health, the admin UI under "admin/", camera pictures) is not touched at all: no
 * respondWith, so the browser sends it to the network exactly as without a service worker.
 *
 * The page is network-first (a new build is picked up at once; the cached copy only when HAsync
 * cannot be reached, so the screen can say "Reconnecting"); built files have content hashes in
 * their names and are cache-first.
 */
const CACHE = "hasync-screen-v1";
const MAX_ASSETS = 60;
const scope = self.registration.scope;
const SHELL = new URL("./", scope).href;
const PAGES = new Set([SHELL, new URL("invite", scope).href]);
const STATIC = new Set(
  [
    "manifest.webmanifest",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
  ].map((path) => new URL(path, scope).href),
);
const ASSETS = new URL("assets/", scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...STATIC]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** Keeps the asset cache bounded: each build adds a few hashed files; the oldest go first. */
async function trim(cache) {
  const keys = (await cache.keys()).filter((request) => request.url.startsWith(ASSETS));
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((key) => cache.delete(key)));
}

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A redirected answer cannot stand in for a navigation later; only the page itself is kept.
    if (response.ok && !response.redirected) await cache.put(SHELL, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    await trim(cache);
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const href = url.href;
  if (request.mode === "navigate" && PAGES.has(href)) event.respondWith(page(request));
  else if (href.startsWith(ASSETS) || STATIC.has(href)) event.respondWith(asset(request));
});
