/**
 * Messages between the page (read-carte-grise.ts) and the OCR worker (ocr.worker.ts). Plain data
 * only: it crosses postMessage (structured clone), so no functions and no class instances
 * besides the transferred ImageBitmap.
 */
import type { CertificateResult } from '@shared/carte-grise/index.ts';

/** What the reader is doing, in the order it happens. */
export const OCR_PHASES = ['loading-model', 'decoding', 'detecting', 'reading-fields'] as const;
export type OcrPhase = (typeof OCR_PHASES)[number];

export type OcrProgress = {
  readonly phase: OcrPhase;
  /** Regions read so far and to read (only while `reading-fields`). */
  readonly done?: number;
  readonly total?: number;
};

export type OcrRequest =
  | { readonly type: 'warm'; readonly id: number }
  | {
      readonly type: 'read';
      readonly id: number;
      /** A decoded frame (PDF pages and camera grabs) or the encoded file (JPEG/PNG). */
      readonly image: ImageBitmap | Blob;
      readonly allFields: boolean;
    };

/** The reading without the raw per-region reads (kept for debugging in the worker only). */
export type OcrReading = Omit<CertificateResult, 'raw'>;

export type OcrResponse =
  | { readonly type: 'progress'; readonly id: number; readonly progress: OcrProgress }
  | { readonly type: 'ready'; readonly id: number; readonly core: string; readonly ms: number }
  | { readonly type: 'result'; readonly id: number; readonly reading: OcrReading }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
