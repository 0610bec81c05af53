import { describe, expect, it } from 'vitest';
import { encodePgm } from './pgm.ts';

describe('encodePgm', () => {
  it('writes a binary P5 header then one byte per pixel', () => {
    const bytes = encodePgm({ width: 3, height: 2, data: new Uint8ClampedArray([0, 128, 255, 1, 2, 3]) });
    const header = 'P5\n3 2\n255\n';
    expect(new TextDecoder().decode(bytes.subarray(0, header.length))).toBe(header);
    expect([...bytes.subarray(header.length)]).toEqual([0, 128, 255, 1, 2, 3]);
  });
});
