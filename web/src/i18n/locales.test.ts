import { describe, expect, it } from 'vitest';
import { AuthApiError } from '@supabase/supabase-js';
import { toAuthAppError } from '@web/lib/supabase/errors.ts';
import { LANGUAGES } from './index.ts';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted.key, value]. */
function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const LOCALES = { fr: flatten(fr), en: flatten(en) };

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** French typography: what must precede each "high" punctuation mark (see the header of fr.ts). */
function findTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/[;?!:]/g)) {
    const mark = match[0];
    const index = match.index;
    // "https://…" is an address, not a sentence.
    if (mark === ':' && text.startsWith('//', index + 1)) continue;
    const expected = mark === ':' ? NBSP : NNBSP;
    const before = text[index - 1];
    if (before !== expected) {
      const shown =
        before === undefined ? 'start' : `U+${before.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push(`"${mark}" at ${index} after ${shown}`);
    }
  }
  return problems;
}

/**
 * The app's own source (no tests, no locales) and the edge functions, whose AppError bodies
 * carry keys over the wire: where a message key has to appear to be used.
 */
const APP_SOURCES: Readonly<Record<string, string>> = import.meta.glob(
  [
    '../**/*.{ts,tsx}',
    '../../../shared/**/*.ts',
    '../../../edge-functions/**/*.ts',
    '!**/*.test.{ts,tsx}',
    '!**/*_test.ts',
    '!./locales/**',
    '!../test/**',
    '!**/test/**',
    '!**/testing/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** Codes the database raises with private.raise_error('<code>', …): the PWA shows errors.rpc.<code>. */
const MIGRATIONS = import.meta.glob<string>('../../../supabase/migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const RAISED_RPC_CODES = new Set(
  Object.values(MIGRATIONS).flatMap((sql) => [...sql.matchAll(/raise_error\('([a-z_]+)'/g)].map((m) => m[1] ?? '')),
);

/** Keys built at run time rather than written out: each family says which of its keys are reachable. */
function isReachableDynamicKey(key: string): boolean {
  const [family, ...rest] = key.split('.');
  // language-switch.tsx: t(`language.${language}`) for every supported language.
  if (family === 'language' && rest.length === 1) return (LANGUAGES as readonly string[]).includes(rest[0] ?? '');
  // lib/supabase/errors.ts: `auth.errors.${code}` for each GoTrue code it explains.
  // RPC errors: the database names the code, lib/supabase maps it to errors.rpc.<code>.
  if (key.startsWith('errors.rpc.')) return RAISED_RPC_CODES.has(key.slice('errors.rpc.'.length));
  if (key.startsWith('auth.errors.')) {
    const code = key.slice('auth.errors.'.length);
    return toAuthAppError(new AuthApiError('refused', 400, code)).userMessage === key;
  }
  return false;
}

describe('locales', () => {
  it('gives French and English exactly the same keys', () => {
    const frKeys = LOCALES.fr.map(([key]) => key).sort();
    const enKeys = LOCALES.en.map(([key]) => key).sort();
    expect(enKeys).toEqual(frKeys);
    expect(frKeys.length).toBeGreaterThan(50);
  });

  it.each(Object.entries(LOCALES))('has no empty or untrimmed message in %s', (_language, entries) => {
    const bad = entries.filter(([, value]) => value.trim() === '' || value !== value.trim()).map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const english = new Map(LOCALES.en);
    const mismatched = LOCALES.fr
      .filter(([key, value]) => placeholders(value).join() !== placeholders(english.get(key) ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('has a message for every error code the database raises', () => {
    const keys = new Set(LOCALES.fr.map(([key]) => key));
    const missing = [...RAISED_RPC_CODES].filter((code) => !keys.has(`errors.rpc.${code}`));
    expect(RAISED_RPC_CODES.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('has a message for every error key the shared AppError can carry', async () => {
    const { DEFAULT_USER_MESSAGE } = await import('@shared/errors/app-error.ts');
    const keys = new Set(LOCALES.fr.map(([key]) => key));
    const missing = Object.values(DEFAULT_USER_MESSAGE).filter((key) => !keys.has(key));
    expect(missing).toEqual([]);
  });

  it('follows French typography: U+202F before ; ? ! and U+00A0 before :', () => {
    const problems = LOCALES.fr.flatMap(([key, value]) =>
      findTypographyProblems(value).map((problem) => `${key}: ${problem}`),
    );
    expect(problems).toEqual([]);
    // The check itself: a plain space, a no-break space before "?", and no space at all are refused.
    expect(findTypographyProblems('Rechargez-la ; si')).toHaveLength(1);
    expect(findTypographyProblems(`Déjà un compte${NBSP}?`)).toHaveLength(1);
    expect(findTypographyProblems('exemple: nom')).toHaveLength(1);
    expect(findTypographyProblems(`Bonjour${NNBSP}! Exemple${NBSP}: https://comptoir.fr`)).toEqual([]);
  });

  it('uses every message key somewhere in the app', () => {
    const sources = Object.values(APP_SOURCES).join('\n');
    // The glob itself: it must have found the app, or every key would look unused for nothing.
    expect(Object.keys(APP_SOURCES)).toEqual(
      expect.arrayContaining(['../ui/language-switch.tsx', '../../../edge-functions/health/handler.ts']),
    );
    expect(
      Object.keys(APP_SOURCES).filter((file) => /\.test\.|_test\.|\/test\/|\/testing\/|locales\//.test(file)),
    ).toEqual([]);
    const unused = LOCALES.fr
      .map(([key]) => key.replace(/_(zero|one|two|few|many|other)$/, ''))
      .filter((key) => !sources.includes(`'${key}'`) && !sources.includes(`"${key}"`) && !isReachableDynamicKey(key));
    expect([...new Set(unused)]).toEqual([]);
  });
});
