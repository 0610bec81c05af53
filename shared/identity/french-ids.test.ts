import { describe, expect, it } from 'vitest';
import {
  buildFrenchVatNumber,
  computeFrenchVatKey,
  isValidLuhn,
  isValidSiren,
  isValidSiret,
  isValidVatNumber,
  normaliseIdentifier,
} from './french-ids.ts';

describe('SIREN / SIRET', () => {
  it('accepts real identifiers, with the spaces people type', () => {
    // Publicly listed identifiers (INSEE SIRENE): TotalEnergies, Danone, Google France.
    expect(isValidSiren('542 051 180')).toBe(true);
    expect(isValidSiren('552032534')).toBe(true);
    expect(isValidSiret('542 051 180 00066')).toBe(true);
    expect(isValidSiret('44306184100047')).toBe(true);
  });

  it('refuses a wrong key, wrong lengths and letters', () => {
    expect(isValidSiren('780129988')).toBe(false);
    expect(isValidSiren('78012998')).toBe(false);
    expect(isValidSiren('78012998A')).toBe(false);
    expect(isValidSiret('54205118000067')).toBe(false);
    expect(isValidSiret('5520325340001')).toBe(false);
  });

  it('applies La Poste’s digit-sum rule to its establishments', () => {
    // 3+5+6+1 = 15: valid for La Poste although its Luhn sum fails.
    expect(isValidSiret('35600000000001')).toBe(true);
    expect(isValidLuhn('35600000000001')).toBe(false);
    expect(isValidSiret('35600000000048')).toBe(false);
  });

  it('runs the Luhn algorithm over digits only', () => {
    expect(isValidLuhn('79927398713')).toBe(true);
    expect(isValidLuhn('79927398710')).toBe(false);
    expect(isValidLuhn('')).toBe(false);
  });
});

describe('VAT numbers', () => {
  it('computes the French key from the SIREN', () => {
    // Danone FR27552032534, TotalEnergies FR59542051180 (published VAT numbers).
    expect(computeFrenchVatKey('552032534')).toBe('27');
    expect(buildFrenchVatNumber('542 051 180')).toBe('FR59542051180');
    expect(isValidVatNumber('FR 27 552 032 534')).toBe(true);
  });

  it('refuses a French number whose key or SIREN is wrong', () => {
    expect(isValidVatNumber('FR28552032534')).toBe(false);
    expect(isValidVatNumber('FR27552032535')).toBe(false);
    expect(isValidVatNumber('FR2755203253')).toBe(false);
  });

  it('checks the format of other EU numbers', () => {
    expect(isValidVatNumber('DE123456789')).toBe(true);
    expect(isValidVatNumber('NL123456789B01')).toBe(true);
    expect(isValidVatNumber('DE12345678')).toBe(false);
    expect(isValidVatNumber('US123456789')).toBe(false);
  });

  it('normalises separators and case', () => {
    expect(normaliseIdentifier(' fr-27.552 032 534 ')).toBe('FR27552032534');
  });
});
