// ESLint flat config (STYLE §10): zero warnings, typescript-eslint, react-hooks, and the
// ownership rules of STYLE §1 expressed as no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

// Feature folders, read at lint time so each feature gets its own "others only via index.ts" rule.
const FEATURES = readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureInternals = (except) => ({
  regex: `^@web/features/(?!${except ? `${except}/` : ''})[^/]+/(?!index(\\.ts)?$).+`,
  message: 'Reach another feature only through its index.ts (STYLE §1).',
});

// Flat config replaces a rule wholesale when several blocks match a file, so every block below
// carries the COMPLETE list for its area: the base rules plus the area's own.
const DEXIE = { name: 'dexie', message: 'Only web/src/lib/db/ imports Dexie (STYLE §1).' };
const SUPABASE_JS = {
  name: '@supabase/supabase-js',
  message: 'Only web/src/lib/supabase/ imports supabase-js (STYLE §1).',
};
const NO_SERVER_CODE = {
  group: ['**/supabase/local/**', 'pg', 'ws', 'node:*'],
  message: 'The PWA never imports server code.',
};
const NO_FEATURES_OR_APP = [
  { regex: '^@web/(features|app)/', message: 'ui, lib and i18n import no feature and not the app shell (STYLE §1).' },
  {
    regex: '^(\\.\\./)+(features|app)/',
    message: 'ui, lib and i18n import no feature and not the app shell (STYLE §1).',
  },
];
const webImports = ({ paths = [DEXIE, SUPABASE_JS], patterns = [] } = {}) => ({
  'no-restricted-imports': ['error', { paths, patterns: [NO_SERVER_CODE, ...patterns] }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.local/**',
      'edge-functions/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSEnumDeclaration',
          message: 'Use a string union or an `as const` object, never enum (STYLE §2).',
        },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['supabase/**/*.ts', 'e2e/**/*.ts', 'web/scripts/**/*.ts', 'vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['supabase/local/test/stack-info.ts'],
    rules: { '@typescript-eslint/consistent-type-definitions': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|papaparse$|\\.{1,2}/|vitest$|fast-check$)',
              message: 'shared/ imports zod, papaparse and itself only — no DOM, Node or Deno APIs (STYLE §1).',
            },
          ],
        },
      ],
    },
  },
  {
    // Isomorphic libraries for real formats: pdf-lib writes the same PDF in the browser and in Deno.
    files: ['shared/invoicing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|papaparse$|pdf-lib$|\\.{1,2}/|vitest$|fast-check$)',
              message: 'shared/invoicing imports zod, papaparse, pdf-lib and itself only (STYLE §1).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and their support run in Node: they may read files and load the validators.
    files: ['shared/**/*.test.ts', 'shared/**/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules, ...webImports() },
  },
  {
    files: ['web/src/app/**/*.{ts,tsx}', 'web/src/main.tsx'],
    rules: webImports({ patterns: [featureInternals(undefined)] }),
  },
  {
    files: ['web/src/ui/**/*.{ts,tsx}', 'web/src/i18n/**/*.{ts,tsx}', 'web/src/lib/**/*.{ts,tsx}'],
    rules: webImports({ patterns: NO_FEATURES_OR_APP }),
  },
  {
    files: ['web/src/lib/db/**/*.{ts,tsx}'],
    rules: webImports({ paths: [SUPABASE_JS], patterns: NO_FEATURES_OR_APP }),
  },
  {
    files: ['web/src/lib/supabase/**/*.{ts,tsx}'],
    rules: webImports({ paths: [DEXIE], patterns: NO_FEATURES_OR_APP }),
  },
  ...FEATURES.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: webImports({
      patterns: [
        featureInternals(feature),
        { regex: '^@web/app/', message: 'Features do not import the app shell (imports flow ui ← features ← app).' },
        {
          regex: '^(\\.\\./){2,}',
          message: 'Leave a feature folder through an alias (@web/…, @shared/…), not ../../ chains.',
        },
      ],
    }),
  })),
  {
    // Tests run in Node (vitest + jsdom): they may read files and build supabase-js error objects.
    files: ['web/src/**/*.test.{ts,tsx}', 'web/src/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
