/**
 * The reading pipeline, independent of the runtime: detect and rectify the document, snap each
 * template region to its printed line, recognise it as one line with the field's whitelist, then
 * resolve the fields (grammars + MRZ). The recogniser (tesseract.js in Node or in the browser
 * worker) is injected, so this module stays pure.
 */
import { FIELD_REGIONS, LINE_HEIGHT, TEMPLATE_HEIGHT, TEMPLATE_WIDTH, WHITELISTS, WORK_SCALE } from './layout.ts';
import {
  detectDocument,
  findInkLine,
  prepareLine,
  repeatHorizontally,
  warpQuad,
  type GrayImage,
  type Quad,
} from './raster.ts';
import { resolveReading, type CertificateReading, type LineRead, type RawReads } from './resolve.ts';

export type LineRecognizer = {
  /** Reads one printed line (single-line page segmentation) restricted to `whitelist`. */
  readonly recognizeLine: (image: GrayImage, whitelist: string) => Promise<LineRead>;
};

export type ReadOptions = {
  /** Read the extra regions too (F.1, G, J, K, P.1, P.2, S.1, V.7, X.1, D.2, C.4a, J.3); key fields always. */
  readonly allFields?: boolean;
  /** "Today" for the MRZ century rule (tests pin it). */
  readonly today?: Date;
};

export type CertificateResult = CertificateReading & {
  /** Where the document was found in the input (full frame when no edge stood out, e.g. a flat scan). */
  readonly quad: Quad;
  readonly isDocumentDetected: boolean;
  /** What the recogniser read per region, before grammars (for debugging and the review screen). */
  readonly raw: RawReads;
};

/**
 * The value repeated three times in a read of three copies of a short value ("6 6 6", or "666"
 * when the whitelist drops spaces); undefined when the copies do not agree.
 */
export function pickRepeatedRead(read: LineRead): LineRead | undefined {
  const text = read.text.trim();
  let tokens = text.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 1) {
    if (text.length % 3 !== 0) return undefined;
    const size = text.length / 3;
    tokens = [text.slice(0, size), text.slice(size, 2 * size), text.slice(2 * size)];
  }
  if (tokens.length !== 3) return undefined;
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (n < 2) return undefined;
  return { text: best, confidence: read.confidence * (n / 3) };
}

/** Rectifies the document to the working frame (template × WORK_SCALE). */
export function rectifyDocument(image: GrayImage): {
  readonly work: GrayImage;
  readonly quad: Quad;
  readonly isDetected: boolean;
} {
  const detected = detectDocument(image);
  const quad: Quad = detected ?? [
    { x: 0, y: 0 },
    { x: image.width, y: 0 },
    { x: image.width, y: image.height },
    { x: 0, y: image.height },
  ];
  const work = warpQuad(image, quad, TEMPLATE_WIDTH * WORK_SCALE, TEMPLATE_HEIGHT * WORK_SCALE);
  return { work, quad, isDetected: detected !== undefined };
}

/** Reads a certificate from a grayscale image. */
export async function readCertificate(
  image: GrayImage,
  recognizer: LineRecognizer,
  options: ReadOptions = {},
): Promise<CertificateResult> {
  const { work, quad, isDetected } = rectifyDocument(image);
  const s = WORK_SCALE;
  const raw: Record<string, (LineRead | undefined)[]> = {};
  for (const region of FIELD_REGIONS) {
    if (!region.isKey && !options.allFields) continue;
    const search = {
      x: region.x0 * s,
      y: (region.cy - LINE_HEIGHT) * s,
      width: (region.x1 - region.x0) * s,
      height: 2 * LINE_HEIGHT * s,
    };
    const line = findInkLine(work, search, region.cy * s, 2.5 * s);
    let read: LineRead | undefined;
    if (line) {
      const pad = 1.5 * s;
      const rect = {
        x: Math.max(search.x, line.left - pad),
        y: line.top - pad,
        width: Math.min(search.x + search.width, line.right + pad) - Math.max(search.x, line.left - pad),
        height: line.bottom - line.top + 2 * pad,
      };
      const prepared = prepareLine(work, rect, 3 * s);
      const whitelist = WHITELISTS[region.whitelist];
      read = await recognizer.recognizeLine(prepared, whitelist);
      // A lone short value (P.6 "6") often reads as nothing: read three copies side by side.
      const isShort = line.right - line.left < 2 * (line.bottom - line.top);
      if (isShort && read.text.trim().length === 0) {
        read =
          pickRepeatedRead(await recognizer.recognizeLine(repeatHorizontally(prepared, 3, 6 * s), whitelist)) ?? read;
      }
    }
    (raw[region.code] ??= [])[region.part] = read;
  }
  const reading = resolveReading(raw as RawReads, options.today);
  return { ...reading, quad, isDocumentDetected: isDetected, raw: raw as RawReads };
}
