/**
 * The OCR engine's files, served by the app itself (no CDN): Vite emits each as a content-hashed
 * asset and the service worker precaches them (vite.config.ts globPatterns), so reading works
 * offline from the first start. LSTM-only cores with the WASM inlined (`.wasm.js`): the split
 * builds locate their `.wasm` by its unhashed name, which a hashed asset directory does not have.
 */
import tesseractWorkerUrl from 'tesseract.js/dist/worker.min.js?url';
import relaxedSimdCoreUrl from 'tesseract.js-core/tesseract-core-relaxedsimd-lstm.wasm.js?url';
import simdCoreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import plainCoreUrl from 'tesseract.js-core/tesseract-core-lstm.wasm.js?url';
import frenchDataUrl from '@tesseract.js-data/fra/4.0.0_best_int/fra.traineddata.gz?url';
import type { CoreVariant } from './wasm-features.ts';

export { tesseractWorkerUrl, frenchDataUrl };

export const CORE_URLS: Readonly<Record<CoreVariant, string>> = {
  relaxedsimd: relaxedSimdCoreUrl,
  simd: simdCoreUrl,
  plain: plainCoreUrl,
};
