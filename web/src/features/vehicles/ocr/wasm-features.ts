/**
 * Which tesseract.js-core build this browser runs. tesseract.js picks it itself when `corePath`
 * is a directory; the app serves content-hashed files instead (offline precache, immutable
 * caching), so the worker names the file and must detect the features the same way
 * (the validation modules are wasm-feature-detect's).
 */

const SIMD_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
const RELAXED_SIMD_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15,
  253, 128, 2, 11,
]);

export type CoreVariant = 'relaxedsimd' | 'simd' | 'plain';

function canValidate(bytes: BufferSource): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** The fastest LSTM core build the WebAssembly engine accepts. */
export function detectCoreVariant(): CoreVariant {
  if (canValidate(RELAXED_SIMD_MODULE)) return 'relaxedsimd';
  if (canValidate(SIMD_MODULE)) return 'simd';
  return 'plain';
}
