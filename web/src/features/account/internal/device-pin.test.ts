/** The device PIN: stored as PBKDF2 (never the PIN), checked locally, 5 wrong PINs disable it. */
import { describe, expect, it } from 'vitest';
import {
  checkDevicePin,
  findPinProblem,
  getDevicePinStatus,
  MAX_PIN_FAILURES,
  PIN_ITERATIONS,
  removeDevicePin,
  resetDevicePinFailures,
  setDevicePin,
} from './device-pin.ts';

const USER = '019a8f00-0000-7000-8000-0000000000a1';
const OTHER_USER = '019a8f00-0000-7000-8000-0000000000b2';

function readStored(userId: string): Record<string, unknown> {
  return JSON.parse(localStorage.getItem(`comptoir.device-pin.${userId}`) ?? 'null') as Record<string, unknown>;
}

describe('findPinProblem', () => {
  it('wants 4 to 8 digits, and a matching confirmation', () => {
    expect(findPinProblem('123')).toBe('account.pin.digits');
    expect(findPinProblem('123456789')).toBe('account.pin.digits');
    expect(findPinProblem('12a4')).toBe('account.pin.digits');
    expect(findPinProblem('١٢٣٤')).toBe('account.pin.digits');
    expect(findPinProblem('1234')).toBeUndefined();
    expect(findPinProblem('12345678', '12345678')).toBeUndefined();
    expect(findPinProblem('2468', '2469')).toBe('account.pin.mismatch');
  });
});

describe('device PIN', () => {
  it('stores a salted PBKDF2-SHA-256 hash with at least 210,000 iterations, never the PIN', async () => {
    await setDevicePin(USER, '2468');
    const stored = readStored(USER);

    expect(stored['iterations']).toBe(PIN_ITERATIONS);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(210_000);
    expect(JSON.stringify(stored)).not.toContain('2468');
    expect(atob(String(stored['salt']))).toHaveLength(16);
    expect(atob(String(stored['hash']))).toHaveLength(32);

    // Same PIN, fresh salt: a different hash each time.
    await setDevicePin(USER, '2468');
    expect(readStored(USER)['salt']).not.toBe(stored['salt']);
    expect(readStored(USER)['hash']).not.toBe(stored['hash']);
  });

  it('unlocks with the right PIN and refuses a wrong one, counting down', async () => {
    await setDevicePin(USER, '2468');

    expect(await checkDevicePin(USER, '1357')).toEqual({ result: 'wrong', remainingAttempts: 4 });
    expect(getDevicePinStatus(USER)).toEqual({ isSet: true, isBlocked: false, remainingAttempts: 4 });
    expect(await checkDevicePin(USER, '2468')).toEqual({ result: 'unlocked' });
    // A success starts the count again.
    expect(getDevicePinStatus(USER)).toEqual({ isSet: true, isBlocked: false, remainingAttempts: MAX_PIN_FAILURES });
  });

  it('is disabled by the 5th wrong PIN, even for the right one, until a password unlock', async () => {
    await setDevicePin(USER, '2468');
    const results = [];
    for (let attempt = 0; attempt < MAX_PIN_FAILURES; attempt += 1) results.push(await checkDevicePin(USER, '0000'));

    expect(results.map((check) => check.result)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'blocked']);
    expect(results[3]).toEqual({ result: 'wrong', remainingAttempts: 1 });
    expect(getDevicePinStatus(USER)).toEqual({ isSet: true, isBlocked: true, remainingAttempts: 0 });
    expect(await checkDevicePin(USER, '2468')).toEqual({ result: 'blocked' });

    resetDevicePinFailures(USER);
    expect(await checkDevicePin(USER, '2468')).toEqual({ result: 'unlocked' });
  });

  it('counts an attempt before checking it, so closing the tab mid-check does not give a free try', async () => {
    await setDevicePin(USER, '2468');
    const pending = checkDevicePin(USER, '0000');
    // Written synchronously, before the hash is even computed.
    expect(readStored(USER)['failures']).toBe(1);
    await pending;
  });

  it('belongs to one user on this device', async () => {
    await setDevicePin(USER, '2468');

    expect(getDevicePinStatus(OTHER_USER)).toEqual({ isSet: false });
    expect(await checkDevicePin(OTHER_USER, '2468')).toEqual({ result: 'not-set' });

    removeDevicePin(USER);
    expect(getDevicePinStatus(USER)).toEqual({ isSet: false });
  });

  it('ignores a stored record weakened below the iteration floor', async () => {
    await setDevicePin(USER, '2468');
    localStorage.setItem(`comptoir.device-pin.${USER}`, JSON.stringify({ ...readStored(USER), iterations: 1000 }));

    expect(getDevicePinStatus(USER)).toEqual({ isSet: false });
    expect(await checkDevicePin(USER, '2468')).toEqual({ result: 'not-set' });
  });
});
