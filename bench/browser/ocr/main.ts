/**
 * The OCR bench page: the app's own reader (web/src/features/vehicles, the same worker, engine
 * files and French data the PWA ships) driven by Playwright through `window.comptoirOcrBench`.
 * Built and served by supabase/local/cli/bench-ocr-browser.ts.
 */
import { readCarteGrise, warmOcr } from '@web/features/vehicles/index.ts';
import { OCR_BENCH_GLOBAL, type OcrBenchApi } from './api.ts';

const api: OcrBenchApi = {
  warm: () => warmOcr(),
  async read(url, allFields) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const file = await response.blob();
    const reading = await readCarteGrise(file, { allFields });
    return { ms: reading.ms, fields: reading.fields };
  },
};

(window as unknown as Record<string, OcrBenchApi>)[OCR_BENCH_GLOBAL] = api;
