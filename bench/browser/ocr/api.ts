/**
 * What the OCR bench page (main.ts) returns to Node (supabase/local/cli/bench-ocr-browser.ts):
 * plain data that crosses the DevTools protocol.
 */

export type OcrBenchRead = {
  /** readCarteGrise's own figure: file → fields, in the page (decode, detection, every line). */
  readonly ms: number;
  readonly fields: Readonly<Record<string, string>>;
};

/** `window.comptoirOcrBench` of the bench page. */
export type OcrBenchApi = {
  /** Starts the engine; the core build chosen and how long the start took. */
  warm(): Promise<{ readonly core: string; readonly ms: number }>;
  /** Fetches `url` (same origin) and reads it as the app would a picked file. */
  read(url: string, allFields: boolean): Promise<OcrBenchRead>;
};

export const OCR_BENCH_GLOBAL = 'comptoirOcrBench';
