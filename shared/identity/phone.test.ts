import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, isE164PhoneNumber, normalisePhoneNumber } from './phone.ts';

describe('normalisePhoneNumber', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['  06\u00a012\u00a034\u00a056\u00a078 ', '+33612345678'],
    ['01 42 68 53 00', '+33142685300'],
    ['09 70 80 90 00', '+33970809000'],
  ])('turns the national number %j into %s', (input, expected) => {
    expect(normalisePhoneNumber(input)).toBe(expected);
  });

  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33612345678', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+33 06 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['00 33 6 12 34 56 78', '+33612345678'],
    ['tel:+33612345678', '+33612345678'],
  ])('turns the international French number %j into %s', (input, expected) => {
    expect(normalisePhoneNumber(input)).toBe(expected);
  });

  it('keeps the country code of overseas departments dialled nationally', () => {
    expect(normalisePhoneNumber('0690 12 34 56')).toBe('+590690123456');
    expect(normalisePhoneNumber('0596 12 34 56')).toBe('+596596123456');
    expect(normalisePhoneNumber('0694 12 34 56')).toBe('+594694123456');
    expect(normalisePhoneNumber('0692 12 34 56')).toBe('+262692123456');
    expect(normalisePhoneNumber('0639 12 34 56')).toBe('+262639123456');
  });

  it('accepts other countries written internationally', () => {
    expect(normalisePhoneNumber('+32 470 12 34 56')).toBe('+32470123456');
    expect(normalisePhoneNumber('0041 79 123 45 67')).toBe('+41791234567');
    expect(normalisePhoneNumber('+44 (20) 7946 0958')).toBe('+442079460958');
  });

  it.each([
    [''],
    ['   '],
    ['06 12 34 56'],
    ['06 12 34 56 78 9'],
    ['6 12 34 56 78'],
    ['0033'],
    ['+33 6 12 34 56'],
    ['+33 0 12 34 56 78'],
    ['06 12 AB 56 78'],
    ['+0 612345678'],
    ['+1234567890123456'],
    ['++33612345678'],
    ['06 12 34 56 78 poste 12'],
  ])('refuses %j rather than guess', (input) => {
    expect(normalisePhoneNumber(input)).toBeUndefined();
  });

  it('always produces what the database accepts', () => {
    for (const input of ['06 12 34 56 78', '+32 470 12 34 56', '0690 12 34 56']) {
      const e164 = normalisePhoneNumber(input);
      expect(e164 && isE164PhoneNumber(e164)).toBe(true);
    }
    expect(isE164PhoneNumber('0612345678')).toBe(false);
  });
});

describe('formatPhoneNumber', () => {
  it('writes French numbers as French people read them', () => {
    expect(formatPhoneNumber('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhoneNumber('+33142685300')).toBe('01 42 68 53 00');
  });

  it('keeps the country code of overseas departments and other countries', () => {
    expect(formatPhoneNumber('+590690123456')).toBe('+590 690 12 34 56');
    expect(formatPhoneNumber('+32470123456')).toBe('+32470123456');
  });

  it('round-trips: what it shows normalises back to the same number', () => {
    for (const e164 of ['+33612345678', '+590690123456', '+262692123456', '+32470123456']) {
      expect(normalisePhoneNumber(formatPhoneNumber(e164))).toBe(e164);
    }
  });
});
