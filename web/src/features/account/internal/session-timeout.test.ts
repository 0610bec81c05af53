import { describe, expect, it } from 'vitest';
import { computeSessionTimeoutMinutes } from './session-timeout.ts';

describe('computeSessionTimeoutMinutes', () => {
  it('takes the strictest timeout among all the user’s companies, not the current one’s', () => {
    expect(computeSessionTimeoutMinutes([30, 10, 60])).toBe(10);
    expect(computeSessionTimeoutMinutes([120, 45])).toBe(45);
  });

  it('uses 30 minutes while no company is known', () => {
    expect(computeSessionTimeoutMinutes([])).toBe(30);
  });

  it('ignores values that are not a positive number of minutes', () => {
    expect(computeSessionTimeoutMinutes([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '5', null, 20])).toBe(20);
    expect(computeSessionTimeoutMinutes([0, undefined])).toBe(30);
  });
});
