/**
 * The app server behaves like a correct static host for a PWA: runtime config generated per
 * stack, SPA fallback for navigations only, 404 for missing assets, caching headers that make
 * updates reach users, no directory traversal. And it serves e2e's own build, not the dist/web
 * a developer's `npm start` may be serving.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '../fixtures/test.ts';
import { E2E_WEB_DIST_DIR } from '../fixtures/app-build.ts';

/** Raw request: fetch and Playwright would normalise `..` and `%2e%2e` before sending. */
function getRaw(baseUrl: string, rawPath: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

test('serves the runtime configuration of this stack, never cached stale', async ({ request, stack }) => {
  const response = await request.get('/runtime-config.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-cache');
  expect(await response.json()).toEqual({ supabaseUrl: stack.apiUrl, supabaseAnonKey: stack.anonKey });
});

test('answers navigations with index.html and missing assets with 404', async ({ request }) => {
  const page = await request.get('/quelque/part', { headers: { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate' } });
  expect(page.status()).toBe(200);
  expect(page.headers()['content-type']).toContain('text/html');
  expect(page.headers()['cache-control']).toBe('no-cache');
  // Invitation and email sign-in links carry credentials in their URL: never sent on as Referer.
  expect(page.headers()['referrer-policy']).toBe('no-referrer');
  expect(await page.text()).toContain('<div id="root">');

  const asset = await request.get('/assets/absent-0000.js', { headers: { 'Sec-Fetch-Mode': 'no-cors' } });
  expect(asset.status()).toBe(404);
});

test('caches hashed assets for a year and revalidates the files that name them', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await request.get(script ?? '');
  expect(asset.status()).toBe(200);
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers()['content-type']).toContain('javascript');

  for (const file of ['/sw.js', '/manifest.webmanifest']) {
    const response = await request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()['cache-control'], file).toBe('no-cache');
  }
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: 'Comptoir', lang: 'fr', display: 'standalone', start_url: '/' });
});

test('refuses directory traversal and other methods', async ({ request, baseURL }) => {
  for (const rawPath of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2f..%2fpackage.json',
    '/.vite/manifest.json',
  ]) {
    expect(await getRaw(baseURL ?? '', rawPath), rawPath).toBe(404);
  }
  const post = await request.post('/');
  expect(post.status()).toBe(405);
  expect(post.headers()['allow']).toBe('GET, HEAD');
});

test("serves e2e's own build directory, not dist/web", async ({ request }) => {
  // A file that exists only in e2e's build: reachable means that directory is the one served.
  const probe = `e2e-probe-${randomUUID()}.txt`;
  writeFileSync(path.join(E2E_WEB_DIST_DIR, probe), 'e2e build\n');
  try {
    const response = await request.get(`/${probe}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe('e2e build\n');
  } finally {
    rmSync(path.join(E2E_WEB_DIST_DIR, probe), { force: true });
  }
  expect(await (await request.get('/sw.js')).text()).toBe(readFileSync(path.join(E2E_WEB_DIST_DIR, 'sw.js'), 'utf8'));
});
