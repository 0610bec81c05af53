import { describe, expect, it } from 'vitest';
import { foldText, keepDigits, splitWords } from './normalize.ts';

describe('foldText', () => {
  it.each([
    ['Hélène', 'helene'],
    ['  ÉLODIE   Müller ', 'elodie muller'],
    ['Œuvre & Cie', 'oeuvre cie'],
    ['Garage-du-Centre', 'garage du centre'],
    ["L'Atelier", 'l atelier'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('splitWords', () => {
  it('splits e-mail addresses into their parts', () => {
    expect(splitWords('J.Dupont@Exemple.fr')).toEqual(['j', 'dupont', 'exemple', 'fr']);
  });
});

describe('keepDigits', () => {
  it('keeps only digits', () => {
    expect(keepDigits('+33 6 12-34.56 78')).toBe('33612345678');
  });
});
