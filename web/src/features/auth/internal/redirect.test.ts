import { describe, expect, it } from 'vitest';
import { readEmailFromState, readFromState, rememberNextPath, sanitizeNextPath, takeNextPath } from './redirect.ts';

describe('sanitizeNextPath', () => {
  it.each([
    ['/contacts?filtre=garage#42', '/contacts?filtre=garage#42'],
    ['//evil.example/phish', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/auth/sign-in', '/'],
    [42, '/'],
    [undefined, '/'],
  ])('turns %s into %s', (input, expected) => {
    expect(sanitizeNextPath(input)).toBe(expected);
  });
});

describe('next path across the email round trip', () => {
  it('is returned once, then forgotten', () => {
    rememberNextPath('/devis/12');
    expect(takeNextPath()).toBe('/devis/12');
    expect(takeNextPath()).toBe('/');
  });

  it('reads where a guarded page wanted to go from history state', () => {
    expect(readFromState({ from: '/factures' })).toBe('/factures');
    expect(readFromState({ from: '//evil.example' })).toBe('/');
    expect(readFromState(null)).toBe('/');
  });
});

describe('readEmailFromState', () => {
  it('reads the address an invitation passes along, and nothing else', () => {
    expect(readEmailFromState({ from: '/invitation?token=x', email: 'bob@example.test' })).toBe('bob@example.test');
    expect(readEmailFromState({ email: 'not an email' })).toBe('');
    expect(readEmailFromState({ email: 42 })).toBe('');
    expect(readEmailFromState(null)).toBe('');
  });
});
