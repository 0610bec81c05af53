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

export default defineConfig({
  root: path.join(root, 'web'),
  publicDir: path.join(root, 'web', 'public'),
  envDir: root,
  build: {
    outDir: path.join(root, 'dist', 'web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  resolve: {
    alias: {
      '@shared': path.join(root, 'shared'),
    },
  },
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,json,woff2}'],
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
        extends: true,
        test: {
          name: 'web',
          root,
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/test/setup.ts'],
        },
      },
    ],
  },
});
