// The portal's service worker: the app opens with no network, keeps nothing personal, and
// updates when the person says so. The server writes above this line the version, the files
// kept from the installation (PRECACHE), each language's offline page (OFFLINE), the slugs of a
// request form and of its page for a start with no network (FORMS) and the name a
// notification falls back to (PORTAL_NAME); see server/src/routes/pwa.rs.
//
// - Kept from the installation: the guest's home and offline pages, the stylesheet, the fonts,
//   the icons, the manifests and `portal.js`. The WebAssembly and its JavaScript (only a form's
//   pages, which are never kept, use them) and the rarer fonts are kept the first time a page
//   uses them, by their hashed names: a first visit never downloads code it does not use.
// - Pages: network first. With no network, the copy kept of a public page, or the offline
//   page in the page's language.
// - A request form, which is personal and never kept: once it opened with the network, its
//   page for a start with no network (`…/demande/hors-ligne`: the same form for no one, as a
//   guest gets it) is kept beside it, and is what the form opens as with no network; the
//   wizard there shows the answers the device kept.
// - Never kept: anything but GET, `/api/` (server functions, the service API, files),
//   `/auth/`, a page with a query, and any answer marked `no-store` or `private` — which the
//   server sends for every page of a signed-in person — so a phone shared in a family never
//   shows one person's page to another.
// - A new version installs beside the old one and waits: the page offers "Mettre à jour"
//   (portal.js) and posts `update` when pressed; the older caches go when it takes over.
// - `push` shows a notification with a title and a link, nothing else; a click opens the link.
'use strict';

const CACHE_PREFIX = 'votre-sante-';
const CACHE = CACHE_PREFIX + VERSION;
const NEVER_KEPT = ['/api/', '/auth/', '/healthz', '/readyz', '/metrics'];
const BUILT = ['/pkg/', '/fonts/', '/icons/'];
const ICON = '/icons/icon-192.png';

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(forgetOlderVersions().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER_KEPT.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (isBuilt(url)) {
    event.respondWith(builtFile(request, url));
  }
});

self.addEventListener('push', (event) => {
  event.waitUntil(showMessage(event.data));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(event.notification));
});

// Every file of the installation, as a guest gets it (no cookie: nothing personal is kept),
// fresh from the server rather than from the browser's HTTP cache.
async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    PRECACHE.map(async (path) => {
      const response = await fetch(new Request(path, { credentials: 'omit', cache: 'reload' }));
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      await cache.put(path, response);
    }),
  );
}

async function forgetOlderVersions() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
  );
}

function isBuilt(url) {
  return (
    BUILT.some((prefix) => url.pathname.startsWith(prefix)) ||
    PRECACHE.includes(url.pathname) ||
    url.pathname.endsWith('/manifest.webmanifest')
  );
}

// An answer that may be kept: whole, from this site, and not marked personal.
function keepable(response) {
  if (!response.ok || response.type !== 'basic' || response.redirected) return false;
  const control = (response.headers.get('Cache-Control') || '').toLowerCase();
  return !control.includes('no-store') && !control.includes('private');
}

async function page(request, url) {
  const cache = await caches.open(CACHE);
  const shell = formShell(url);
  try {
    const response = await fetch(request);
    const html = (response.headers.get('Content-Type') || '').startsWith('text/html');
    if (url.search === '' && html && keepable(response)) {
      await cache.put(url.pathname, response.clone());
    }
    if (shell && response.ok && html) keepShell(cache, shell);
    return response;
  } catch (offline) {
    const kept = url.search === '' ? await cache.match(shell || url.pathname) : undefined;
    return kept || (await cache.match(offlinePage(url))) || Response.error();
  }
}

// The page a request form opens as with no network, for the form at `url`; none for another page.
function formShell(url) {
  const [, language, section, service, slug, more] = url.pathname.split('/');
  const forms = FORMS[language];
  const named = forms && section === 'services' && service && slug === forms.form && more === undefined;
  return named ? `/${language}/services/${service}/${forms.form}/${forms.shell}` : undefined;
}

// Kept as a guest gets it (no cookie: nothing personal), after the form's own page is shown.
async function keepShell(cache, shell) {
  try {
    const response = await fetch(new Request(shell, { credentials: 'omit' }));
    if (keepable(response)) await cache.put(shell, response);
  } catch (offline) {
    // The network went between the two: the shell kept before, if any, stays.
  }
}

function offlinePage(url) {
  const language = url.pathname.split('/')[1];
  return OFFLINE[language] || Object.values(OFFLINE)[0];
}

// Built files carry their version in their content (and in their name when hashed): the copy
// of this version is the file.
async function builtFile(request, url) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(url.pathname);
  if (kept) return kept;
  const response = await fetch(request);
  if (url.search === '' && keepable(response)) await cache.put(url.pathname, response.clone());
  return response;
}

// A message pushed by the portal: `{ "title": "…", "url": "/fr/…" }`. The title and a link to
// a page of this site; any other content is ignored, so nothing personal reaches a lock screen
// by mistake.
async function showMessage(data) {
  let message = {};
  try {
    message = data ? data.json() : {};
  } catch (notJson) {
    message = {};
  }
  const title = typeof message.title === 'string' && message.title.trim() ? message.title.trim().slice(0, 120) : PORTAL_NAME;
  await self.registration.showNotification(title, { icon: ICON, data: { url: sitePath(message.url) } });
}

// A notification's link opens in the portal's window when one is open (its answers are kept on
// the device, so nothing typed is lost), or in a new one.
async function openFromNotification(notification) {
  const link = sitePath(notification.data && notification.data.url);
  const address = (client) => {
    const url = new URL(client.url);
    return url.pathname + url.search;
  };
  const windows = await self.clients.matchAll({ type: 'window' });
  const showing = windows.find((client) => address(client) === link);
  const shown = showing || (windows[0] ? await windows[0].navigate(link) : await self.clients.openWindow(link));
  if (shown) await shown.focus().catch(() => undefined);
  return shown;
}

// A path of this site, or the home page in the worker's first language: never elsewhere.
function sitePath(value) {
  if (typeof value === 'string') {
    try {
      const url = new URL(value, self.location.origin);
      if (url.origin === self.location.origin) return url.pathname + url.search;
    } catch (notAUrl) {
      // falls through to the home page
    }
  }
  return '/' + Object.keys(OFFLINE)[0];
}
