/** Input rules of storage-api (src/storage/limits.ts, uploader.ts, range.ts) and our key hardening. */
import { describe, expect, it } from 'vitest';
import {
  assertAllowedMimeType,
  assertValidBucketName,
  assertValidKey,
  assertValidMimeTypeList,
  parseFileSizeToBytes,
  parseRangeHeader,
} from './limits.ts';

describe('storage input rules', () => {
  it('accepts S3-safe keys and refuses traversal, absolute, NUL, unicode and over-long keys', () => {
    for (const key of ['a.txt', 'folder/sub/file (1).png', "it's & more=@;:+,?.txt", 'dots..in..name']) {
      expect(() => assertValidKey(key), key).not.toThrow();
    }
    for (const key of [
      '',
      '../x',
      'a/../b',
      'a/./b',
      '.',
      '..',
      '/abs',
      'a\u0000b',
      'café',
      'a%2Fb',
      'x'.repeat(1025),
    ]) {
      expect(() => assertValidKey(key), key).toThrow(expect.objectContaining({ code: 'InvalidKey', status: 400 }));
    }
  });

  it('refuses bucket names with slashes, unicode or more than 100 characters', () => {
    expect(() => assertValidBucketName('avatars')).not.toThrow();
    for (const name of ['', 'a/b', 'é', 'x'.repeat(101)]) {
      expect(() => assertValidBucketName(name), name).toThrow(expect.objectContaining({ code: 'InvalidBucketName' }));
    }
  });

  it('matches mime types like storage-api, parameters included', () => {
    expect(() => assertAllowedMimeType('image/png', ['image/*'])).not.toThrow();
    expect(() => assertAllowedMimeType('text/plain', ['text/plain'])).not.toThrow();
    expect(() => assertAllowedMimeType('text/plain;charset=UTF-8', ['text/plain'])).toThrow(
      expect.objectContaining({ code: 'InvalidMimeType', status: 415 }),
    );
    expect(() => assertAllowedMimeType('nonsense', ['image/*'])).toThrow(
      expect.objectContaining({ code: 'InvalidMimeType' }),
    );
    expect(() => assertValidMimeTypeList(['image/png', 'image/*', 'text/plain; charset=utf-8'])).not.toThrow();
    expect(() => assertValidMimeTypeList(['not a type'])).toThrow(expect.objectContaining({ code: 'InvalidMimeType' }));
  });

  it('parses bucket size limits in decimal units', () => {
    expect(parseFileSizeToBytes('20MB')).toBe(20_000_000);
    expect(parseFileSizeToBytes('1.5kb')).toBe(1500);
    expect(parseFileSizeToBytes('3B')).toBe(3);
    expect(() => parseFileSizeToBytes('10 MiB')).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });

  it('parses single byte ranges and refuses unsatisfiable ones with 416', () => {
    expect(parseRangeHeader('bytes=0-4', 10)).toEqual({ from: 0, to: 4, size: 5 });
    expect(parseRangeHeader('bytes=5-', 10)).toEqual({ from: 5, to: 9, size: 5 });
    expect(parseRangeHeader('bytes=-3', 10)).toEqual({ from: 7, to: 9, size: 3 });
    expect(parseRangeHeader('bytes=8-100', 10)).toEqual({ from: 8, to: 9, size: 2 });
    for (const range of ['bytes=10-11', 'bytes=5-1', 'bytes=-0', 'items=0-1', 'bytes=-']) {
      expect(() => parseRangeHeader(range, 10), range).toThrow(
        expect.objectContaining({ code: 'InvalidRange', httpStatus: 416 }),
      );
    }
  });
});
