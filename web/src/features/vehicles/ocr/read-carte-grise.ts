/**
 * The page's API to the on-device reader: `readCarteGrise(file, { onProgress })` reads a photo,
 * a scan or a PDF's first page in the OCR worker and resolves with the fields (certificate codes,
 * ISO dates, hyphenated plates), a 0–1 confidence per field, and the time it took. Works offline:
 * the worker, the engine and the French data are app files precached by the service worker.
 * One worker per page, started on first use (or by `warmOcr()` when the capture screen opens, so
 * the ~0.5 s engine start overlaps with framing the card) and reused.
 */
import type { FieldCode } from '@shared/carte-grise/index.ts';
import type { OcrPhase, OcrProgress, OcrReading, OcrRequest, OcrResponse } from './ocr-protocol.ts';

export type { OcrPhase, OcrProgress, OcrReading } from './ocr-protocol.ts';

export type ReadCarteGriseOptions = {
  readonly onProgress?: (progress: OcrProgress) => void;
  /** Also read the non-key regions (C.4a, D.2, F.1, G, J, J.3, K, P.1, P.2, S.1, V.7, X.1). Default true. */
  readonly allFields?: boolean;
};

export type CarteGriseReading = OcrReading & {
  readonly fields: Partial<Record<FieldCode, string>>;
  readonly confidence: Partial<Record<FieldCode, number>>;
  /** From the call to the result: decoding, detection, every line, the grammars. */
  readonly ms: number;
};

/** Message key for each progress phase (vehicles namespace), for whatever shows the progress. */
export const OCR_PHASE_MESSAGE_KEYS = {
  'loading-model': 'vehicles.ocr.progress.loadingModel',
  decoding: 'vehicles.ocr.progress.decoding',
  detecting: 'vehicles.ocr.progress.detecting',
  'reading-fields': 'vehicles.ocr.progress.readingFields',
} as const satisfies Record<OcrPhase, string>;

type Pending = {
  readonly resolve: (response: OcrResponse) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: ((progress: OcrProgress) => void) | undefined;
};

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const entry of pending.values()) entry.reject(error);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('./ocr.worker.ts', import.meta.url), { type: 'module', name: 'ocr' });
  created.addEventListener('message', (event: MessageEvent<OcrResponse>) => {
    const response = event.data;
    const entry = pending.get(response.id);
    if (!entry) return;
    if (response.type === 'progress') {
      entry.onProgress?.(response.progress);
      return;
    }
    pending.delete(response.id);
    if (response.type === 'error') entry.reject(new Error(response.message));
    else entry.resolve(response);
  });
  created.addEventListener('error', (event) => {
    // The worker script itself failed (not found offline, syntax): start afresh next time.
    failAll(new Error(`OCR worker failed: ${event.message || 'could not start'}`));
    created.terminate();
    if (worker === created) worker = undefined;
  });
  worker = created;
  return created;
}

function send(
  request: OcrRequest,
  onProgress: ((progress: OcrProgress) => void) | undefined,
  transfer: Transferable[] = [],
): Promise<OcrResponse> {
  return new Promise((resolve, reject) => {
    pending.set(request.id, { resolve, reject, onProgress });
    getWorker().postMessage(request, transfer);
  });
}

/** True for a PDF, by type or by its `%PDF-` signature (some pickers give no type). */
export async function isPdfFile(file: Blob): Promise<boolean> {
  if (file.type === 'application/pdf') return true;
  if (file.type.startsWith('image/')) return false;
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

/** Starts the engine ahead of the first read; resolves with the core build used and its start time. */
export async function warmOcr(onProgress?: (progress: OcrProgress) => void): Promise<{ core: string; ms: number }> {
  const response = await send({ type: 'warm', id: nextId++ }, onProgress);
  if (response.type !== 'ready') throw new Error(`unexpected OCR response ${response.type}`);
  return { core: response.core, ms: response.ms };
}

/** Reads a carte grise from a JPEG/PNG photo or scan, or from the first page of a PDF. */
export async function readCarteGrise(file: Blob, options: ReadCarteGriseOptions = {}): Promise<CarteGriseReading> {
  const started = performance.now();
  let image: ImageBitmap | Blob = file;
  const transfer: Transferable[] = [];
  if (await isPdfFile(file)) {
    options.onProgress?.({ phase: 'decoding' });
    const { renderPdfFirstPage } = await import('./pdf-first-page.ts');
    image = await renderPdfFirstPage(file);
    transfer.push(image);
  }
  const response = await send(
    { type: 'read', id: nextId++, image, allFields: options.allFields ?? true },
    options.onProgress,
    transfer,
  );
  if (response.type !== 'result') throw new Error(`unexpected OCR response ${response.type}`);
  return { ...response.reading, ms: Math.round(performance.now() - started) };
}

/** Stops the worker and frees the engine's memory (~100 MB); the next read starts a new one. */
export function stopOcr(): void {
  failAll(new Error('OCR stopped'));
  worker?.terminate();
  worker = undefined;
}
