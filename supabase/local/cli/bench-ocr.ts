/**
 * `npm run bench -- ocr` (V2): accuracy and speed of the carte grise reader in Node.
 * Generates the synthetic set (carte-grise-synth.ts, seed 1, 20 documents × scan/phone/low-res =
 * 60 images, into the git-ignored bench/carte-grise/generated/), reads every image with the same
 * pipeline as `npm run ocr`, and reports per variant: exact-match accuracy per key field, documents
 * with every key field right, MRZ check-digit pass rate and false-accept rate (a field whose check
 * digit passed but whose value is wrong), time per image. Then scores the real SPECIMEN.
 * OCR_BENCH_COUNT=3 runs a smaller set while iterating. Browser timing is measured elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  KEY_FIELDS,
  readCertificate,
  type CertificateResult,
  type FieldCode,
} from '../../../shared/carte-grise/index.ts';
import { REPO_ROOT } from '../config.ts';
import { round, summarise } from './bench-stats.ts';
import {
  DEFAULT_SYNTH_DIR,
  generateSyntheticSet,
  SYNTH_VERSION,
  VARIANTS,
  type SyntheticTruth,
} from './carte-grise-synth.ts';
import { decodeGrayFile } from './ocr/node-image.ts';
import { createNodeRecognizer, type NodeRecognizer } from './ocr/tesseract-node.ts';

const SEED = 1;
const SPECIMEN = path.join(REPO_ROOT, '..', 'shared', 'reference', 'carte-grise', 'specimen.jpg');

type Sample = {
  readonly truth: SyntheticTruth;
  readonly result: CertificateResult;
  readonly ms: number;
};

const MRZ_FIELDS = [
  ['plate', 'A'],
  ['vin', 'E'],
  ['firstRegistration', 'B'],
  ['formula', 'formula'],
] as const;

function scoreVariant(samples: readonly Sample[]): Record<string, unknown> {
  const perField: Record<string, number> = {};
  for (const code of KEY_FIELDS) {
    const right = samples.filter((s) => s.result.fields[code] === s.truth.fields[code]).length;
    perField[code] = round((100 * right) / Math.max(1, samples.length), 1);
  }
  const allRight = samples.filter((s) => KEY_FIELDS.every((c) => s.result.fields[c] === s.truth.fields[c])).length;
  let checks = 0;
  let passed = 0;
  let falseAccepts = 0;
  for (const s of samples) {
    for (const [key, code] of MRZ_FIELDS) {
      checks += 1;
      const mrz = s.result.mrz;
      if (!mrz?.checks[key]) continue;
      passed += 1;
      const value = key === 'firstRegistration' ? mrz.firstRegistration : mrz[key];
      if (value !== s.truth.fields[code]) falseAccepts += 1;
    }
  }
  const confidences = samples.flatMap((s) =>
    KEY_FIELDS.map((c) => ({ c: s.result.confidence[c] ?? 0, isRight: s.result.fields[c] === s.truth.fields[c] })),
  );
  const confident = confidences.filter((x) => x.c >= 0.75);
  return {
    images: samples.length,
    key_field_accuracy_pct: perField,
    key_field_accuracy_mean_pct: round(Object.values(perField).reduce((a, b) => a + b, 0) / KEY_FIELDS.length, 1),
    documents_all_key_fields_right: `${allRight}/${samples.length}`,
    mrz_check_digit_pass_rate_pct: round((100 * passed) / Math.max(1, checks), 1),
    mrz_false_accept_rate_pct: round((100 * falseAccepts) / Math.max(1, passed), 2),
    fields_confidence_ge_075: {
      share_pct: round((100 * confident.length) / Math.max(1, confidences.length), 1),
      accuracy_pct: round((100 * confident.filter((x) => x.isRight).length) / Math.max(1, confident.length), 1),
    },
    time_per_image: summarise(samples.map((s) => s.ms)),
    errors: samples.flatMap((s) =>
      KEY_FIELDS.filter((c) => s.result.fields[c] !== s.truth.fields[c]).map(
        (c) =>
          `${s.truth.name} ${c}: expected ${JSON.stringify(s.truth.fields[c])}, read ${JSON.stringify(s.result.fields[c] ?? null)}`,
      ),
    ),
  };
}

async function readTimed(recognizer: NodeRecognizer, file: string): Promise<{ result: CertificateResult; ms: number }> {
  const started = performance.now();
  const image = await decodeGrayFile(file);
  const result = await readCertificate(image, recognizer, { allFields: true });
  return { result, ms: performance.now() - started };
}

function loadOrGenerate(count: number): SyntheticTruth[] {
  const names = Array.from({ length: count }, (_, i) =>
    VARIANTS.map((v) => `cg-${String(i).padStart(3, '0')}-${v}`),
  ).flat();
  const isComplete = names.every((n) => existsSync(path.join(DEFAULT_SYNTH_DIR, `${n}.jpg`)));
  if (isComplete) {
    const truths = names.map(
      (n) => JSON.parse(readFileSync(path.join(DEFAULT_SYNTH_DIR, `${n}.truth.json`), 'utf8')) as SyntheticTruth,
    );
    if (truths.every((t) => t.seed === SEED && t.version === SYNTH_VERSION)) return truths;
  }
  return generateSyntheticSet({ seed: SEED, count, dir: DEFAULT_SYNTH_DIR });
}

export async function benchOcr(): Promise<Record<string, unknown>> {
  const count = Number(process.env.OCR_BENCH_COUNT ?? 20);
  const generateStarted = performance.now();
  const truths = loadOrGenerate(count);
  const generateMs = Math.round(performance.now() - generateStarted);
  const workerStarted = performance.now();
  const recognizer = await createNodeRecognizer();
  const workerMs = Math.round(performance.now() - workerStarted);
  try {
    const samples: Sample[] = [];
    for (const truth of truths) {
      const { result, ms } = await readTimed(recognizer, path.join(DEFAULT_SYNTH_DIR, `${truth.name}.jpg`));
      samples.push({ truth, result, ms });
    }
    const variants: Record<string, unknown> = {};
    for (const variant of VARIANTS)
      variants[variant] = scoreVariant(samples.filter((s) => s.truth.variant === variant));

    let specimen: Record<string, unknown> = { skipped: `not found: ${SPECIMEN}` };
    if (existsSync(SPECIMEN)) {
      const expected = (
        JSON.parse(readFileSync(SPECIMEN.replace(/\.jpg$/, '.truth.json'), 'utf8')) as {
          fields: Partial<Record<FieldCode, string>>;
        }
      ).fields;
      const { result, ms } = await readTimed(recognizer, SPECIMEN);
      const codes = Object.keys(expected) as FieldCode[];
      const keyCodes = KEY_FIELDS.filter((c) => expected[c] !== undefined);
      specimen = {
        key_fields_right: `${keyCodes.filter((c) => result.fields[c] === expected[c]).length}/${keyCodes.length}`,
        all_fields_right: `${codes.filter((c) => result.fields[c] === expected[c]).length}/${codes.length}`,
        wrong: Object.fromEntries(
          codes
            .filter((c) => result.fields[c] !== expected[c])
            .map((c) => [c, { expected: expected[c], read: result.fields[c] ?? null }]),
        ),
        mrz_checks: result.mrz?.checks ?? null,
        ms: Math.round(ms),
      };
    }
    return {
      engine: 'tesseract.js 7, fra 4.0.0_best_int, LSTM, one worker, PSM 7 per field region',
      set: {
        seed: SEED,
        documents: count,
        images: truths.length,
        dir: path.relative(REPO_ROOT, DEFAULT_SYNTH_DIR),
        generate_ms: generateMs,
      },
      key_fields: KEY_FIELDS,
      worker_start_ms: workerMs,
      variants,
      specimen,
    };
  } finally {
    await recognizer.terminate();
  }
}

/** Prints the accuracy table per variant and the SPECIMEN score. */
export function printOcrReport(figures: Record<string, unknown>): Promise<void> {
  const variants = figures.variants as Record<string, Record<string, unknown>>;
  const header = ['field', ...VARIANTS].map((h) => h.padEnd(9)).join(' ');
  console.log(header);
  for (const code of KEY_FIELDS) {
    const cells = VARIANTS.map((v) =>
      `${String((variants[v]?.key_field_accuracy_pct as Record<string, number>)[code])}%`.padEnd(9),
    );
    console.log([code.padEnd(9), ...cells].join(' '));
  }
  const row = (label: string, pick: (v: Record<string, unknown>) => unknown): void =>
    console.log([label.padEnd(9), ...VARIANTS.map((v) => String(pick(variants[v] ?? {})).padEnd(9))].join(' '));
  row('mean', (v) => `${String(v.key_field_accuracy_mean_pct)}%`);
  row('all-key', (v) => v.documents_all_key_fields_right);
  row('mrz-pass', (v) => `${String(v.mrz_check_digit_pass_rate_pct)}%`);
  row('mrz-FA', (v) => `${String(v.mrz_false_accept_rate_pct)}%`);
  row('p50 ms', (v) => (v.time_per_image as { p50_ms: number }).p50_ms);
  row('p95 ms', (v) => (v.time_per_image as { p95_ms: number }).p95_ms);
  console.log(`specimen: ${JSON.stringify(figures.specimen)}`);
  return Promise.resolve();
}
