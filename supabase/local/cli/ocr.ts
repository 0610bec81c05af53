/**
 * `npm run ocr -- <image> [<image>…]`: reads carte grise images (JPEG, PNG, or a PDF's first page)
 * with the same pipeline as the app, one JSON object per line on stdout (`--debug` adds flags,
 * the MRZ and the document quad on stderr):
 *   {"file": "...", "fields": {"A": "AB-123-CD", ...}, "confidence": {"A": 0.99, ...}, "ms": 1234}
 * Keys are the certificate's field codes, dates ISO, plates hyphenated, names surname first,
 * address lines joined by ", "; fields not found are omitted. `--key` reads the key fields only.
 */
import { performance } from 'node:perf_hooks';
import { readCertificate } from '../../../shared/carte-grise/index.ts';
import { decodeGrayFile } from './ocr/node-image.ts';
import { createNodeRecognizer } from './ocr/tesseract-node.ts';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('--'));
  const isKeyOnly = args.includes('--key');
  const isDebug = args.includes('--debug');
  if (files.length === 0) {
    console.error('usage: npm run ocr -- [--key] <image> [<image>…]');
    process.exit(2);
  }
  const recognizer = await createNodeRecognizer();
  let failures = 0;
  try {
    for (const file of files) {
      const started = performance.now();
      try {
        const image = await decodeGrayFile(file);
        const result = await readCertificate(image, recognizer, { allFields: !isKeyOnly });
        const ms = Math.round(performance.now() - started);
        console.log(JSON.stringify({ file, fields: result.fields, confidence: result.confidence, ms }));
        if (isDebug)
          console.error(
            JSON.stringify({ file, flags: result.flags, raw: result.raw, mrz: result.mrz, quad: result.quad }),
          );
      } catch (error) {
        failures += 1;
        console.error(`ocr: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await recognizer.terminate();
  }
  process.exit(failures > 0 ? 1 : 0);
}

void main();
