import { describe, expect, it } from 'vitest';
import {
  findCapitalProblem,
  findPrefixProblem,
  findRegistrationProblem,
  findSirenProblem,
  findSiretProblem,
  findTimeoutProblem,
  findVatProblem,
  parseEurosToCents,
  splitRegistration,
  suggestFrenchVatNumber,
} from './identity.ts';

describe('company identity checks', () => {
  it('tells a SIREN of the wrong length from one with a wrong key', () => {
    expect(findSirenProblem('')).toBeUndefined();
    expect(findSirenProblem('91234567')).toBe('tenancy.identity.errors.sirenFormat');
    expect(findSirenProblem('912 345 676')).toBe('tenancy.identity.errors.sirenKey');
    expect(findSirenProblem('912 345 675')).toBeUndefined();
  });

  it('checks a SIRET key and that it starts with the SIREN', () => {
    expect(findSiretProblem('91234567500018')).toBe('tenancy.identity.errors.siretKey');
    expect(findSiretProblem('9123456750001')).toBe('tenancy.identity.errors.siretFormat');
    expect(findSiretProblem('91234567500017', '845123454')).toBe('tenancy.identity.errors.siretMismatch');
    expect(findSiretProblem('912 345 675 00017', '912345675')).toBeUndefined();
  });

  it('accepts either number in the onboarding field and splits it', () => {
    expect(findRegistrationProblem('12345')).toBe('tenancy.identity.errors.registrationFormat');
    expect(findRegistrationProblem('912345676')).toBe('tenancy.identity.errors.sirenKey');
    expect(findRegistrationProblem('91234567500018')).toBe('tenancy.identity.errors.siretKey');
    expect(splitRegistration('912 345 675 00017')).toEqual({ siren: '912345675', siret: '91234567500017' });
    expect(splitRegistration('912345675')).toEqual({ siren: '912345675', siret: '' });
    expect(splitRegistration('12')).toEqual({ siren: '', siret: '' });
  });

  it('checks the French VAT key against its SIREN and the company SIREN', () => {
    expect(findVatProblem('FR 65 912345675')).toBeUndefined();
    expect(findVatProblem('FR00912345675')).toBe('tenancy.identity.errors.vatKey');
    expect(findVatProblem('FR65912345676')).toBe('tenancy.identity.errors.vatKey');
    expect(findVatProblem('FR65912345675', '845123454')).toBe('tenancy.identity.errors.vatMismatch');
    expect(findVatProblem('DE123456789')).toBeUndefined();
    expect(findVatProblem('XX123')).toBe('tenancy.identity.errors.vatFormat');
    expect(suggestFrenchVatNumber('912 345 675')).toBe('FR65912345675');
    expect(suggestFrenchVatNumber('912345676')).toBeUndefined();
  });

  it('reads share capital the way French people type it', () => {
    expect(parseEurosToCents('10 000')).toBe(1_000_000);
    expect(parseEurosToCents('7500,5')).toBe(750_050);
    expect(parseEurosToCents('1 000 €')).toBe(100_000);
    expect(parseEurosToCents('')).toBeNull();
    expect(parseEurosToCents('12,345')).toBe('invalid');
    expect(findCapitalProblem('-3')).toBe('tenancy.identity.errors.capital');
  });

  it('applies the database rules to the prefix and the inactivity timeout', () => {
    expect(findPrefixProblem('gdc-2026')).toBeUndefined();
    expect(findPrefixProblem('GDC 2026')).toBe('tenancy.settings.errors.prefix');
    expect(findPrefixProblem('ABCDEFGHIJKLM')).toBe('tenancy.settings.errors.prefix');
    expect(findTimeoutProblem('5')).toBeUndefined();
    expect(findTimeoutProblem('1440')).toBeUndefined();
    expect(findTimeoutProblem('4')).toBe('tenancy.settings.errors.timeout');
    expect(findTimeoutProblem('30.5')).toBe('tenancy.settings.errors.timeout');
  });
});
