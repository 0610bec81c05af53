import { describe, expect, it } from 'vitest';
import { isPdfFile } from './read-carte-grise.ts';

describe('isPdfFile', () => {
  it('trusts the declared type first', async () => {
    expect(await isPdfFile(new Blob(['x'], { type: 'application/pdf' }))).toBe(true);
    expect(await isPdfFile(new Blob(['%PDF-1.7'], { type: 'image/jpeg' }))).toBe(false);
  });

  it('recognises an untyped PDF by its signature', async () => {
    expect(await isPdfFile(new Blob(['%PDF-1.7\n…']))).toBe(true);
    expect(await isPdfFile(new Blob(['\xff\xd8\xff']))).toBe(false);
  });
});
