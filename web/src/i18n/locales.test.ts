import { describe, expect, it } from 'vitest';
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

  it('has a message for every error key the shared AppError can carry', async () => {
    const { DEFAULT_USER_MESSAGE } = await import('@shared/errors/app-error.ts');
    const keys = new Set(LOCALES.fr.map(([key]) => key));
    const missing = Object.values(DEFAULT_USER_MESSAGE).filter((key) => !keys.has(key));
    expect(missing).toEqual([]);
  });
});
