import { describe, expect, it } from 'vitest';
import type { GrayImage } from '@shared/carte-grise/index.ts';
import {
  chooseHint,
  computeDocumentCoverage,
  computeFrameDifference,
  computeMeanLuma,
  computeQuadArea,
  HINT_THRESHOLDS,
} from './frame-hints.ts';

function makeImage(width: number, height: number, pixel: (x: number, y: number) => number): GrayImage {
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = pixel(x, y);
  return { width, height, data };
}

/** A white card of `w` × `h` centred on a dark desk. */
function makeCardOnDesk(width: number, height: number, w: number, h: number): GrayImage {
  const x0 = (width - w) / 2;
  const y0 = (height - h) / 2;
  return makeImage(width, height, (x, y) => (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h ? 235 : 40));
}

describe('chooseHint', () => {
  it.each([
    [{ meanLuma: 20, motion: 30, coverage: 0.1 }, 'too-dark'],
    [{ meanLuma: HINT_THRESHOLDS.minLuma - 1, motion: undefined, coverage: undefined }, 'too-dark'],
    [{ meanLuma: 150, motion: 30, coverage: 0.1 }, 'hold-still'],
    [{ meanLuma: 150, motion: 2, coverage: 0.1 }, 'closer'],
    [{ meanLuma: 150, motion: undefined, coverage: 0.2 }, 'closer'],
    [{ meanLuma: 150, motion: 2, coverage: 0.6 }, 'ready'],
    // No document edge found (the card fills the frame, or a flat scan): no "closer".
    [{ meanLuma: 150, motion: 2, coverage: undefined }, 'ready'],
  ] as const)('%j → %s', (stats, hint) => {
    expect(chooseHint(stats)).toBe(hint);
  });
});

describe('frame statistics', () => {
  it('averages the brightness of a frame', () => {
    expect(computeMeanLuma(makeImage(4, 2, (x) => (x < 2 ? 0 : 200)))).toBe(100);
  });

  it('measures the mean difference between two frames, and none across a size change', () => {
    const a = makeImage(10, 10, () => 100);
    const b = makeImage(10, 10, (x) => (x < 5 ? 100 : 140));
    expect(computeFrameDifference(a, a)).toBe(0);
    expect(computeFrameDifference(a, b)).toBe(20);
    expect(
      computeFrameDifference(
        a,
        makeImage(10, 11, () => 100),
      ),
    ).toBeUndefined();
  });

  it('computes the area of a quad whatever its orientation', () => {
    const square = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 20 },
      { x: 0, y: 20 },
    ] as const;
    expect(computeQuadArea(square)).toBe(200);
    expect(computeQuadArea([square[3], square[2], square[1], square[0]])).toBe(200);
  });

  it('finds a small card far away and a big one close up', () => {
    const far = computeDocumentCoverage(makeCardOnDesk(320, 420, 130, 230));
    const near = computeDocumentCoverage(makeCardOnDesk(320, 420, 240, 380));
    expect(far).toBeGreaterThan(0.1);
    expect(far).toBeLessThan(HINT_THRESHOLDS.minCoverage);
    expect(near).toBeGreaterThan(HINT_THRESHOLDS.minCoverage);
  });

  it('finds no document in a uniform frame', () => {
    expect(computeDocumentCoverage(makeImage(320, 420, () => 128))).toBeUndefined();
  });
});
