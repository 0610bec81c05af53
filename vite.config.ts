/**
 * Vite builds the PWA from web/ into dist/web; Vitest runs four projects:
 *   shared  — domain code, pure (node)
 *   local   — the local Supabase stand-in, conformance with the official supabase-js (node + stack)
 *   db      — RLS and SQL tests against real PostgreSQL (*.pg.test.ts, node + stack)
 *   web     — components and hooks with Testing Library and fake-indexeddb (jsdom)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Brand colours of the manifest; keep in step with the theme-color meta in web/index.html. */
const THEME_COLOR = '#a8471f';
const BACKGROUND_COLOR = '#faf7f2';

export default defineConfig({
  root: path.join(root, 'web'),
  publicDir: path.join(root, 'web', 'public'),
  envDir: root,
  build: {
    // What `npm start` serves. e2e overrides outDir (dist/e2e-web, supabase/local/app-server.ts)
    // so a test run never rebuilds or patches the copy a developer has open.
    outDir: path.join(root, 'dist', 'web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  resolve: {
    alias: {
      '@shared': path.join(root, 'shared'),
      '@web': path.join(root, 'web', 'src'),
    },
  },
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // web/src/app/service-worker.ts registers with workbox-window and asks before updating.
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      // The glob below already precaches the icons; listing them twice would duplicate entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Comptoir',
        short_name: 'Comptoir',
        description: 'La gestion de votre activité — clients, devis, factures — même hors ligne.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        categories: ['business', 'productivity'],
        // PNGs are committed; regenerate with `npx tsx web/scripts/generate-icons.ts`.
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      injectManifest: {
        // The whole app shell, lazy pages included, so every screen opens offline. No *.json:
        // /runtime-config.json is deployed beside the build and must stay network-first (sw.ts).
        // mjs: pdf.js's worker; gz: the French OCR data. The OCR engine (tesseract-core-*.wasm.js,
        // ≈ 3.9 MB each) is over workbox's 2 MiB default: raised so the reader works offline.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,ico,webmanifest,woff2,gz}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        // Built as a classic script: registration needs no `type: 'module'` (older Safari).
        rollupFormat: 'iife',
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    root,
    projects: [
      {
        test: {
          name: 'shared',
          root,
          include: ['shared/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'local',
          root,
          include: ['supabase/local/**/*.test.ts'],
          exclude: ['**/*.pg.test.ts', '**/node_modules/**'],
          environment: 'node',
          globalSetup: ['supabase/local/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db',
          root,
          include: ['supabase/**/*.pg.test.ts'],
          environment: 'node',
          globalSetup: ['supabase/local/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The client sync engine against the real local stack: Node + fake-indexeddb, one stack.
        extends: true,
        test: {
          name: 'sync',
          root,
          include: ['web/src/lib/db/**/*.stack.test.ts'],
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto'],
          globalSetup: ['supabase/local/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          root,
          include: ['web/src/**/*.test.{ts,tsx}'],
          exclude: ['web/src/**/*.stack.test.ts', '**/node_modules/**'],
          environment: 'jsdom',
          setupFiles: ['web/src/test/setup.ts'],
        },
      },
    ],
  },
});
