/**
 * The device PIN: unlocks the inactivity lock OFFLINE (field sales in a tunnel keep their
 * replica). Stored in this browser's localStorage only, per user, never sent anywhere, as
 * PBKDF2-HMAC-SHA-256 (WebCrypto) with a random 16-byte salt and 600,000 iterations (OWASP's
 * figure for SHA-256) — the iteration count is stored so it can be raised later.
 *
 * What it protects against, honestly: someone picking up an unlocked-then-idle device. A PIN of
 * 4–8 digits has at most 10^8 values, so whoever can read this browser's storage can find it
 * offline with enough patience; the real barrier is the counter: after 5 wrong PINs, PIN unlock
 * is disabled until the next password unlock online. The counter is written BEFORE each check,
 * so closing the tab mid-check does not give a free attempt.
 */

const STORAGE_PREFIX = 'comptoir.device-pin.';
export const PIN_ITERATIONS = 600_000;
export const MAX_PIN_FAILURES = 5;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export type PinProblem = 'account.pin.digits' | 'account.pin.mismatch';

type StoredPin = {
  readonly version: 1;
  readonly salt: string;
  readonly hash: string;
  readonly iterations: number;
  readonly failures: number;
};

export type DevicePinStatus =
  { readonly isSet: false } | { readonly isSet: true; readonly isBlocked: boolean; readonly remainingAttempts: number };

export type PinCheck =
  | { readonly result: 'unlocked' }
  | { readonly result: 'wrong'; readonly remainingAttempts: number }
  | { readonly result: 'blocked' }
  | { readonly result: 'not-set' };

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** Re-render screens showing the PIN status when it changes (here or in another tab). */
export function subscribeToDevicePin(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key.startsWith(STORAGE_PREFIX)) notify();
  });
}

function storageKey(userId: string): string {
  return `${STORAGE_PREFIX}${userId}`;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isStoredPin(value: unknown): value is StoredPin {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record['version'] === 1 &&
    typeof record['salt'] === 'string' &&
    typeof record['hash'] === 'string' &&
    typeof record['iterations'] === 'number' &&
    record['iterations'] >= PIN_ITERATIONS &&
    typeof record['failures'] === 'number'
  );
}

function readStoredPin(userId: string): StoredPin | undefined {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    if (!raw) return undefined;
    const value = JSON.parse(raw) as unknown;
    return isStoredPin(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeStoredPin(userId: string, pin: StoredPin): void {
  localStorage.setItem(storageKey(userId), JSON.stringify(pin));
  notify();
}

async function derivePinHash(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** Compares without stopping at the first difference. */
function isSameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** Whether this browser can hash a PIN (WebCrypto needs a secure context: https or localhost). */
export function isDevicePinSupported(): boolean {
  return typeof crypto !== 'undefined' && typeof crypto.subtle?.deriveBits === 'function';
}

/** 4 to 8 ASCII digits; the confirmation, when given, must match. */
export function findPinProblem(pin: string, confirmation?: string): PinProblem | undefined {
  if (!/^\d{4,8}$/.test(pin)) return 'account.pin.digits';
  if (confirmation !== undefined && confirmation !== pin) return 'account.pin.mismatch';
  return undefined;
}

export function getDevicePinStatus(userId: string): DevicePinStatus {
  const stored = readStoredPin(userId);
  if (!stored) return { isSet: false };
  const remainingAttempts = Math.max(0, MAX_PIN_FAILURES - stored.failures);
  return { isSet: true, isBlocked: remainingAttempts === 0, remainingAttempts };
}

/** Sets (or replaces) the PIN of `userId` on this device, with a fresh salt and no failures. */
export async function setDevicePin(userId: string, pin: string): Promise<void> {
  if (findPinProblem(pin)) throw new Error('a device PIN is 4 to 8 digits');
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derivePinHash(pin, salt, PIN_ITERATIONS);
  writeStoredPin(userId, {
    version: 1,
    salt: toBase64(salt),
    hash: toBase64(hash),
    iterations: PIN_ITERATIONS,
    failures: 0,
  });
}

/** Checks a PIN. Each wrong one counts; the 5th disables PIN unlock until a password unlock. */
export async function checkDevicePin(userId: string, pin: string): Promise<PinCheck> {
  const stored = readStoredPin(userId);
  if (!stored) return { result: 'not-set' };
  if (stored.failures >= MAX_PIN_FAILURES) return { result: 'blocked' };
  // Counted first: an attempt interrupted by closing the tab still counts.
  writeStoredPin(userId, { ...stored, failures: stored.failures + 1 });
  const hash = await derivePinHash(pin, fromBase64(stored.salt), stored.iterations);
  if (isSameBytes(hash, fromBase64(stored.hash))) {
    writeStoredPin(userId, { ...stored, failures: 0 });
    return { result: 'unlocked' };
  }
  const remainingAttempts = MAX_PIN_FAILURES - (stored.failures + 1);
  return remainingAttempts <= 0 ? { result: 'blocked' } : { result: 'wrong', remainingAttempts };
}

/** After an online password unlock: the PIN works again (the user proved who they are). */
export function resetDevicePinFailures(userId: string): void {
  const stored = readStoredPin(userId);
  if (stored && stored.failures > 0) writeStoredPin(userId, { ...stored, failures: 0 });
}

export function removeDevicePin(userId: string): void {
  localStorage.removeItem(storageKey(userId));
  notify();
}
