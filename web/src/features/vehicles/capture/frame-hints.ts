/**
 * Live framing hints from cheap statistics of small video frames: too dark (mean luma), hold
 * still (mean difference from the previous frame), closer (share of the frame the document
 * covers, from the reader's own detector). Pure functions over gray pixels, so they are tested
 * without a camera and match what the reader will see.
 */
import { detectDocument, type GrayImage, type Quad } from '@shared/carte-grise/index.ts';

export const CAPTURE_HINTS = ['too-dark', 'hold-still', 'closer', 'ready'] as const;
export type CaptureHint = (typeof CAPTURE_HINTS)[number];

export type FrameStats = {
  /** 0–255. */
  readonly meanLuma: number;
  /** Mean absolute difference from the previous frame (0–255); undefined for the first frame. */
  readonly motion: number | undefined;
  /** Document area / frame area (0–1); undefined when no document edge stands out. */
  readonly coverage: number | undefined;
};

/** Thresholds tuned on 320-px-wide frames: sensor noise stays under ~4, a hand-held shake is > 10. */
export const HINT_THRESHOLDS = { minLuma: 60, maxMotion: 10, minCoverage: 0.35 } as const;

/** Average brightness of a frame. */
export function computeMeanLuma(image: GrayImage): number {
  let sum = 0;
  for (const v of image.data) sum += v;
  return image.data.length === 0 ? 0 : sum / image.data.length;
}

/** Mean absolute pixel difference; undefined when the frames differ in size (the camera changed). */
export function computeFrameDifference(previous: GrayImage, current: GrayImage): number | undefined {
  if (previous.width !== current.width || previous.height !== current.height) return undefined;
  let sum = 0;
  for (let i = 0; i < current.data.length; i += 1) sum += Math.abs((current.data[i] ?? 0) - (previous.data[i] ?? 0));
  return current.data.length === 0 ? 0 : sum / current.data.length;
}

/** Area of a quad (shoelace formula), in square pixels. */
export function computeQuadArea(quad: Quad): number {
  let twice = 0;
  for (let i = 0; i < 4; i += 1) {
    const a = quad[i];
    const b = quad[(i + 1) % 4];
    if (a && b) twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/**
 * Share of the frame the document covers, by the same detector the reader uses. The detector
 * ignores anything under 15 % of the frame, so "closer" shows from there up to minCoverage.
 */
export function computeDocumentCoverage(image: GrayImage): number | undefined {
  const quad = detectDocument(image);
  if (!quad) return undefined;
  return computeQuadArea(quad) / (image.width * image.height);
}

/** The one hint to show, most blocking first: light, then stability, then distance. */
export function chooseHint(stats: FrameStats): CaptureHint {
  if (stats.meanLuma < HINT_THRESHOLDS.minLuma) return 'too-dark';
  if (stats.motion !== undefined && stats.motion > HINT_THRESHOLDS.maxMotion) return 'hold-still';
  if (stats.coverage !== undefined && stats.coverage < HINT_THRESHOLDS.minCoverage) return 'closer';
  return 'ready';
}

/** Message key of each hint (vehicles namespace). */
export const HINT_MESSAGE_KEYS = {
  'too-dark': 'vehicles.capture.hints.tooDark',
  'hold-still': 'vehicles.capture.hints.holdStill',
  closer: 'vehicles.capture.hints.closer',
  ready: 'vehicles.capture.hints.ready',
} as const satisfies Record<CaptureHint, string>;
