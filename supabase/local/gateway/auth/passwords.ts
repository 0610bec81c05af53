/**
 * Password hashing and strength rules as GoTrue applies them: bcrypt cost 10 (hashes made by
 * pgcrypto's crypt(…, gen_salt('bf')) in seed.sql verify too), the 72-byte bcrypt limit, and
 * `minimum_password_length` + `password_requirements` from config.toml (internal/api/password.go).
 */
import { randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { createBadRequest, createWeakPasswordError } from './errors.ts';
import type { AuthSettings } from './settings.ts';

const BCRYPT_COST = 10;
export const MAX_PASSWORD_LENGTH = 72;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Compares a password with a stored bcrypt hash; never throws (a bad hash just fails). */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash) return false;
  // Go's bcrypt refuses passwords over 72 bytes instead of truncating them.
  if (Buffer.byteLength(password) > MAX_PASSWORD_LENGTH) return false;
  if (!/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash)) return false;
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

/** checkPasswordStrength: 400 when too long, 422 weak_password with reasons otherwise. */
export function assertPasswordStrength(settings: AuthSettings, password: string): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_LENGTH) {
    throw createBadRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  const reasons: string[] = [];
  const messages: string[] = [];
  // Go's len() counts bytes, not characters.
  if (Buffer.byteLength(password) < settings.minimumPasswordLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${settings.minimumPasswordLength} characters.`);
  }
  for (const set of settings.requiredCharacters) {
    if (set !== '' && ![...set].some((c) => password.includes(c))) {
      reasons.push('characters');
      messages.push(
        `Password should contain at least one character of each: ${settings.requiredCharacters.join(', ')}.`,
      );
      break;
    }
  }
  if (reasons.length > 0) throw createWeakPasswordError(messages.join(' '), reasons);
}

/**
 * A random password satisfying the configured rules, for users created without one
 * (magic-link sign-ups, admin-created users): crypto.GeneratePassword in GoTrue.
 */
export function generatePassword(settings: AuthSettings, length = 33): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const chars: string[] = settings.requiredCharacters.map((set) => set[randomInt(set.length)] ?? 'a');
  while (chars.length < length) chars.push(alphabet[randomInt(alphabet.length)] ?? 'a');
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
