/// <reference lib="webworker" />
/**
 * Comptoir's service worker (vite-plugin-pwa, injectManifest). Caching plan:
 *   - app shell: every built file is precached (workbox-precaching, revisioned), so the app
 *     starts with no network at all; navigations fall back to the precached index.html (SPA);
 *   - /runtime-config.json: network first (3 s timeout — tunnels give "lie-fi", not errors),
 *     falling back to the last good copy in `comptoir-runtime-config`; warmed at install so the
 *     very first offline start works;
 *   - other same-origin static files (not in this version's precache): stale-while-revalidate
 *     in `comptoir-static`;
 *   - Supabase API calls (another origin) are never cached here: auth, RPC and functions must
 *     reach the server or fail visibly; offline data is the job of the local replica.
 * Updates: a new worker waits; the page shows "new version — reload" and posts SKIP_WAITING
 * when the user agrees. The first install claims open pages so they work offline at once.
 */
import { clientsClaim, setCacheNameDetails, type WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

declare const self: ServiceWorkerGlobalScope & {
  readonly __WB_MANIFEST: readonly (string | { url: string; revision: string | null })[];
};

const RUNTIME_CONFIG_URL = '/runtime-config.json';
const RUNTIME_CONFIG_CACHE = 'comptoir-runtime-config';
const STATIC_CACHE = 'comptoir-static';

setCacheNameDetails({ prefix: 'comptoir', suffix: 'v1', precache: 'precache', runtime: 'runtime' });

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// SPA: any in-app navigation renders index.html; the router shows the page (or "not found").
// Paths with a file extension and dev-tool paths are real requests, never the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/_/, /\/[^/?]+\.[a-z0-9]+$/i],
  }),
);

const runtimeConfigStrategy = new NetworkFirst({
  cacheName: RUNTIME_CONFIG_CACHE,
  networkTimeoutSeconds: 3,
});

registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === RUNTIME_CONFIG_URL,
  runtimeConfigStrategy,
);

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    ['script', 'style', 'image', 'font', 'manifest'].includes(request.destination),
  new StaleWhileRevalidate({
    cacheName: STATIC_CACHE,
    // Cast: workbox's plugin types predate exactOptionalPropertyTypes.
    plugins: [new ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: 30 * 24 * 60 * 60 }) as WorkboxPlugin],
  }),
);

self.addEventListener('install', (event) => {
  // Warm the config cache: the page fetched it before this worker controlled it.
  // A missing file must not fail the install (the app then explains the boot error).
  event.waitUntil(
    caches
      .open(RUNTIME_CONFIG_CACHE)
      .then((cache) => cache.add(new Request(RUNTIME_CONFIG_URL, { cache: 'no-store' })))
      .catch(() => undefined),
  );
});

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

// First install: take control of pages already open, so they work offline without a reload.
// Updates still wait (no skipWaiting above until the user agrees), so this never swaps code
// under a running page unannounced.
clientsClaim();
