import { describe, expect, it } from 'vitest';
import { findEmailProblem, findNewPasswordProblem, findPasswordProblem, normalizeEmail } from './validation.ts';

describe('auth form validation', () => {
  it('asks for an email, then for a plausible one', () => {
    expect(findEmailProblem('  ')).toBe('auth.validation.emailRequired');
    expect(findEmailProblem('claire@garage')).toBe('auth.validation.emailInvalid');
    expect(findEmailProblem('claire martin@garage.fr')).toBe('auth.validation.emailInvalid');
    expect(findEmailProblem(' claire@garage-martin.fr ')).toBeUndefined();
  });

  it('normalises addresses as GoTrue stores them', () => {
    expect(normalizeEmail('  Claire@Garage-Martin.FR ')).toBe('claire@garage-martin.fr');
  });

  it('accepts any non-empty password to sign in', () => {
    expect(findPasswordProblem('')).toBe('auth.validation.passwordRequired');
    expect(findPasswordProblem('x')).toBeUndefined();
  });

  it('applies the project policy to new passwords: 8 characters, letters and digits', () => {
    expect(findNewPasswordProblem('')).toBe('auth.validation.passwordRequired');
    expect(findNewPasswordProblem('abc123')).toBe('auth.validation.passwordTooShort');
    expect(findNewPasswordProblem('abcdefghij')).toBe('auth.validation.passwordLettersDigits');
    expect(findNewPasswordProblem('1234567890')).toBe('auth.validation.passwordLettersDigits');
    expect(findNewPasswordProblem('éééééé42')).toBe('auth.validation.passwordLettersDigits');
    expect(findNewPasswordProblem('éléphant42')).toBeUndefined();
  });
});
