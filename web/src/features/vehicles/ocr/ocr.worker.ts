/**
 * The OCR worker: decodes the image (createImageBitmap → OffscreenCanvas → ImageData → gray),
 * runs the shared reading pipeline (shared/carte-grise: detection, rectification, per-field
 * regions, grammars, MRZ) and recognises each line with tesseract.js — single-line page
 * segmentation (PSM 7) and the field's whitelist, as the Node CLI does, so `npm run bench -- ocr`
 * measures what the phone runs. The tesseract engine is created once, on the first request
 * (or `warm`), and reused for every line of every image; its files come from the app's own origin
 * (ocr-assets.ts), so reading works offline once the service worker has precached them.
 */
import { createWorker, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import {
  FIELD_REGIONS,
  readCertificate,
  toGray,
  type GrayImage,
  type LineRecognizer,
} from '@shared/carte-grise/index.ts';
import { CORE_URLS, frenchDataUrl, tesseractWorkerUrl } from './ocr-assets.ts';
import { encodePgm } from './pgm.ts';
import { detectCoreVariant } from './wasm-features.ts';
import type { OcrProgress, OcrRequest, OcrResponse } from './ocr-protocol.ts';

/**
 * The worker's global scope, typed by hand: the web project compiles with the DOM library, and
 * TypeScript's WebWorker library cannot be loaded beside it.
 */
const scope = globalThis as unknown as {
  readonly location: { readonly href: string };
  postMessage(message: OcrResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<OcrRequest>) => void): void;
};

type Engine = { readonly worker: TesseractWorker; readonly core: string; readonly ms: number };

let engine: Promise<Engine> | undefined;
let lastWhitelist: string | undefined;

function post(message: OcrResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Same-origin absolute URL: tesseract's own worker resolves relative paths against itself. */
const toAbsolute = (url: string): string => new URL(url, scope.location.href).href;

async function startEngine(onProgress: (progress: OcrProgress) => void): Promise<Engine> {
  const started = performance.now();
  onProgress({ phase: 'loading-model' });
  const variant = detectCoreVariant();
  // tesseract.js fetches `${langPath}/fra.traineddata.gz`; the app serves the data under a
  // content-hashed name, so the fixed suffix goes into the fragment, which neither the server nor
  // the service worker's precache lookup sees. (Passing the bytes as { code, data } would avoid
  // the trick, but tesseract.js 7 then initialises the engine with the bytes as the language name.)
  // No IndexedDB copy (cacheMethod none): the precache already keeps the file offline.
  const worker = await createWorker('fra', 1, {
    langPath: `${toAbsolute(frenchDataUrl)}#`,
    workerPath: toAbsolute(tesseractWorkerUrl),
    corePath: toAbsolute(CORE_URLS[variant]),
    workerBlobURL: false,
    cacheMethod: 'none',
    gzip: true,
  });
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE, user_defined_dpi: '300' });
  lastWhitelist = undefined;
  return { worker, core: `tesseract-core-${variant}-lstm`, ms: performance.now() - started };
}

function getEngine(onProgress: (progress: OcrProgress) => void): Promise<Engine> {
  if (!engine) {
    engine = startEngine(onProgress);
    // A failed start (offline before the first precache, say) must be retried next time.
    engine.catch(() => {
      engine = undefined;
    });
  }
  return engine;
}

async function decodeToGray(image: ImageBitmap | Blob): Promise<GrayImage> {
  const bitmap = image instanceof Blob ? await createImageBitmap(image, { imageOrientation: 'from-image' }) : image;
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D context in the OCR worker');
    ctx.drawImage(bitmap, 0, 0);
    return toGray(ctx.getImageData(0, 0, bitmap.width, bitmap.height));
  } finally {
    bitmap.close();
  }
}

function createRecognizer(worker: TesseractWorker, onLine: () => void): LineRecognizer {
  return {
    recognizeLine: async (image, whitelist) => {
      if (whitelist !== lastWhitelist) {
        await worker.setParameters({ tessedit_char_whitelist: whitelist });
        lastWhitelist = whitelist;
      }
      // tesseract.js's browser loader copies any byte array it does not recognise as an element.
      const { data } = await worker.recognize(encodePgm(image) as never);
      onLine();
      return { text: data.text.replace(/\n+$/, ''), confidence: data.confidence };
    },
  };
}

async function handle(request: OcrRequest): Promise<void> {
  const onProgress = (progress: OcrProgress): void => post({ type: 'progress', id: request.id, progress });
  const { worker, core, ms } = await getEngine(onProgress);
  if (request.type === 'warm') {
    post({ type: 'ready', id: request.id, core, ms });
    return;
  }
  onProgress({ phase: 'decoding' });
  const gray = await decodeToGray(request.image);
  onProgress({ phase: 'detecting' });
  const total = FIELD_REGIONS.filter((region) => region.isKey || request.allFields).length;
  let done = 0;
  const recognizer = createRecognizer(worker, () => {
    // A short value may be read twice (three copies side by side): never count past the total.
    done = Math.min(total, done + 1);
    onProgress({ phase: 'reading-fields', done, total });
  });
  const { raw: _raw, ...reading } = await readCertificate(gray, recognizer, { allFields: request.allFields });
  post({ type: 'result', id: request.id, reading });
}

// Requests are handled one at a time: the engine holds one image at once.
let queue: Promise<void> = Promise.resolve();

scope.addEventListener('message', (event) => {
  const request = event.data;
  queue = queue.then(() =>
    handle(request).catch((error: unknown) =>
      post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }),
    ),
  );
});
