/**
 * Image operations of the reader over plain pixel arrays, so the same code runs in Node (canvas
 * ImageData from @napi-rs/canvas) and in the browser worker (OffscreenCanvas ImageData): grayscale,
 * Otsu threshold, document detection, perspective warp, crop and text-line snapping.
 */

/** One channel, 0 = black, 255 = white. */
export type GrayImage = { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray };
/** ImageData-compatible RGBA pixels. */
export type RgbaImage = { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray };
export type Point = { readonly x: number; readonly y: number };
/** Corners clockwise from top-left. */
export type Quad = readonly [Point, Point, Point, Point];
export type Rect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

/** Luma (Rec. 601) of an RGBA image. */
export function toGray(image: RgbaImage): GrayImage {
  const out = new Uint8ClampedArray(image.width * image.height);
  const d = image.data;
  for (let i = 0, j = 0; j < out.length; i += 4, j += 1) {
    out[j] = ((d[i] ?? 0) * 77 + (d[i + 1] ?? 0) * 150 + (d[i + 2] ?? 0) * 29) >> 8;
  }
  return { width: image.width, height: image.height, data: out };
}

/** Expands a gray image back to RGBA (for encoders that want ImageData). */
export function toRgba(image: GrayImage): RgbaImage {
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let j = 0, i = 0; j < image.data.length; j += 1, i += 4) {
    const v = image.data[j] ?? 0;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data: out };
}

/** Box-filter downscale by an integer factor (document detection works on a small copy). */
export function downscale(image: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  const width = Math.max(1, Math.floor(image.width / f));
  const height = Math.max(1, Math.floor(image.height / f));
  const out = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      for (let dy = 0; dy < f; dy += 1) {
        const row = (y * f + dy) * image.width + x * f;
        for (let dx = 0; dx < f; dx += 1) sum += image.data[row + dx] ?? 0;
      }
      out[y * width + x] = sum / (f * f);
    }
  }
  return { width, height, data: out };
}

export type OtsuResult = { readonly threshold: number; readonly darkMean: number; readonly lightMean: number };

/** Otsu's threshold over a region, with the two class means (their gap tells ink from texture). */
export function computeOtsu(image: GrayImage, rect?: Rect): OtsuResult {
  const r = rect ?? { x: 0, y: 0, width: image.width, height: image.height };
  const hist = new Array<number>(256).fill(0);
  let total = 0;
  for (let y = r.y; y < r.y + r.height; y += 1) {
    for (let x = r.x; x < r.x + r.width; x += 1) {
      const v = image.data[y * image.width + x] ?? 0;
      hist[v] = (hist[v] ?? 0) + 1;
      total += 1;
    }
  }
  let sumAll = 0;
  for (let v = 0; v < 256; v += 1) sumAll += v * (hist[v] ?? 0);
  let best = { threshold: 127, darkMean: 0, lightMean: 255 };
  let bestVar = -1;
  let wDark = 0;
  let sumDark = 0;
  for (let t = 0; t < 255; t += 1) {
    wDark += hist[t] ?? 0;
    sumDark += t * (hist[t] ?? 0);
    const wLight = total - wDark;
    if (wDark === 0 || wLight === 0) continue;
    const darkMean = sumDark / wDark;
    const lightMean = (sumAll - sumDark) / wLight;
    const between = wDark * wLight * (darkMean - lightMean) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = { threshold: t, darkMean, lightMean };
    }
  }
  return best;
}

/** Solves the 8×8 linear system of a homography by Gaussian elimination with partial pivoting. */
function solveLinear(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    }
    const p = m[pivot];
    const c = m[col];
    if (!p || !c || Math.abs(p[col] ?? 0) < 1e-12) return undefined;
    m[pivot] = c;
    m[col] = p;
    for (let r = 0; r < n; r += 1) {
      const row = m[r];
      if (r === col || !row) continue;
      const factor = (row[col] ?? 0) / (p[col] ?? 1);
      for (let k = col; k <= n; k += 1) row[k] = (row[k] ?? 0) - factor * (p[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/** 3×3 homography (row-major, h33 = 1) mapping each `from` corner onto the matching `to` corner. */
export function computeHomography(from: Quad, to: Quad): number[] | undefined {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const { x, y } = from[i] ?? { x: 0, y: 0 };
    const { x: u, y: v } = to[i] ?? { x: 0, y: 0 };
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solveLinear(a, b);
  return h ? [...h, 1] : undefined;
}

/** Applies a homography to a point. */
export function applyHomography(h: readonly number[], p: Point): Point {
  const w = (h[6] ?? 0) * p.x + (h[7] ?? 0) * p.y + (h[8] ?? 1);
  return {
    x: ((h[0] ?? 0) * p.x + (h[1] ?? 0) * p.y + (h[2] ?? 0)) / w,
    y: ((h[3] ?? 0) * p.x + (h[4] ?? 0) * p.y + (h[5] ?? 0)) / w,
  };
}

/**
 * Rectifies the quad of `image` to a `width` × `height` image (bilinear sampling, white outside),
 * or paints a source image onto a quad of a destination canvas when used by the generator.
 */
export function warpQuad(image: GrayImage, quad: Quad, width: number, height: number): GrayImage {
  const target: Quad = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
  const h = computeHomography(target, quad);
  const out = new Uint8ClampedArray(width * height).fill(255);
  if (!h) return { width, height, data: out };
  const sw = image.width;
  const sh = image.height;
  const src = image.data;
  for (let y = 0; y < height; y += 1) {
    const py = y + 0.5;
    for (let x = 0; x < width; x += 1) {
      const px = x + 0.5;
      const w = (h[6] ?? 0) * px + (h[7] ?? 0) * py + (h[8] ?? 1);
      const sx = ((h[0] ?? 0) * px + (h[1] ?? 0) * py + (h[2] ?? 0)) / w - 0.5;
      const sy = ((h[3] ?? 0) * px + (h[4] ?? 0) * py + (h[5] ?? 0)) / w - 0.5;
      if (sx < 0 || sy < 0 || sx > sw - 1 || sy > sh - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const x1 = x0 + 1 < sw ? 1 : 0;
      const y1 = y0 + 1 < sh ? sw : 0;
      const top = (src[i] ?? 0) * (1 - fx) + (src[i + x1] ?? 0) * fx;
      const bottom = (src[i + y1] ?? 0) * (1 - fx) + (src[i + y1 + x1] ?? 0) * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { width, height, data: out };
}

/** Copies a rectangle (clamped to the image). */
export function cropGray(image: GrayImage, rect: Rect): GrayImage {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(image.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.round(rect.y + rect.height));
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  const out = new Uint8ClampedArray(width * height).fill(255);
  for (let y = 0; y < height && y0 + y < image.height; y += 1) {
    const start = (y0 + y) * image.width + x0;
    out.set(image.data.subarray(start, start + Math.min(width, image.width - x0)), y * width);
  }
  return { width, height, data: out };
}

/**
 * Finds the bright document on a darker background: Otsu mask of a small copy, largest connected
 * component, then a line fitted to each side of its outline. Undefined when the document fills
 * the frame (a flat scan) or nothing document-like stands out.
 */
export function detectDocument(image: GrayImage): Quad | undefined {
  const factor = Math.max(1, Math.floor(Math.max(image.width, image.height) / 500));
  const small = downscale(image, factor);
  const { width: w, height: h, data } = small;
  const { threshold, darkMean, lightMean } = computeOtsu(small);
  if (lightMean - darkMean < 40) return undefined;
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i += 1) mask[i] = (data[i] ?? 0) > threshold ? 1 : 0;
  // Largest 4-connected bright component.
  const label = new Int32Array(w * h).fill(-1);
  let bestLabel = -1;
  let bestSize = 0;
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < mask.length; start += 1) {
    if (!mask[start] || label[start] !== -1) continue;
    let size = 0;
    stack.push(start);
    label[start] = next;
    while (stack.length > 0) {
      const p = stack.pop() ?? 0;
      size += 1;
      const x = p % w;
      const neighbours = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p - w, p + w];
      for (const q of neighbours) {
        if (q < 0 || q >= mask.length || !mask[q] || label[q] !== -1) continue;
        label[q] = next;
        stack.push(q);
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = next;
    }
    next += 1;
  }
  if (bestSize < 0.15 * w * h) return undefined;
  // Row extents give the outline (holes from printed text do not matter).
  const left: Point[] = [];
  const right: Point[] = [];
  const top: Point[] = [];
  const bottom: Point[] = [];
  let touches = 0;
  for (let y = 0; y < h; y += 1) {
    let lo = -1;
    let hi = -1;
    for (let x = 0; x < w; x += 1) {
      if (label[y * w + x] !== bestLabel) continue;
      if (lo < 0) lo = x;
      hi = x;
    }
    if (lo >= 0) {
      left.push({ x: lo, y });
      right.push({ x: hi + 1, y });
    }
  }
  for (let x = 0; x < w; x += 1) {
    let lo = -1;
    let hi = -1;
    for (let y = 0; y < h; y += 1) {
      if (label[y * w + x] !== bestLabel) continue;
      if (lo < 0) lo = y;
      hi = y;
    }
    if (lo >= 0) {
      top.push({ x, y: lo });
      bottom.push({ x, y: hi + 1 });
    }
  }
  if (left.some((p) => p.x === 0)) touches += 1;
  if (right.some((p) => p.x >= w)) touches += 1;
  if (top.some((p) => p.y === 0)) touches += 1;
  if (bottom.some((p) => p.y >= h)) touches += 1;
  if (touches >= 2) return undefined;
  // Keep the middle 70 % of each side: corners are rounded and shadows blur them.
  const fitSide = (points: Point[], isVertical: boolean): [number, number] | undefined => {
    const n = points.length;
    const mid = points.slice(Math.floor(n * 0.15), Math.ceil(n * 0.85));
    if (mid.length < 5) return undefined;
    // Vertical sides: x = a·y + b; horizontal sides: y = a·x + b. Two passes drop outliers.
    let keep = mid;
    let fit: [number, number] = [0, 0];
    for (let pass = 0; pass < 2; pass += 1) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      for (const p of keep) {
        const t = isVertical ? p.y : p.x;
        const v = isVertical ? p.x : p.y;
        sx += t;
        sy += v;
        sxx += t * t;
        sxy += t * v;
      }
      const k = keep.length;
      const den = k * sxx - sx * sx;
      if (Math.abs(den) < 1e-9) return undefined;
      const a = (k * sxy - sx * sy) / den;
      fit = [a, (sy - a * sx) / k];
      const residual = (p: Point): number =>
        Math.abs((isVertical ? p.x : p.y) - (fit[0] * (isVertical ? p.y : p.x) + fit[1]));
      keep = keep.filter((p) => residual(p) < 2);
      if (keep.length < 5) break;
    }
    return fit;
  };
  const l = fitSide(left, true);
  const r = fitSide(right, true);
  const t = fitSide(top, false);
  const b = fitSide(bottom, false);
  if (!l || !r || !t || !b) return undefined;
  const intersect = (vertical: [number, number], horizontal: [number, number]): Point => {
    // x = a·y + b and y = c·x + d.
    const [a, bb] = vertical;
    const [c, d] = horizontal;
    const y = (c * bb + d) / (1 - a * c);
    return { x: (a * y + bb) * factor, y: y * factor };
  };
  return [intersect(l, t), intersect(r, t), intersect(r, b), intersect(l, b)];
}

/** A band of rows with ink inside a region: where a printed line actually is. */
export type InkLine = { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };

/**
 * Snaps to the printed line nearest to `expectedCy` inside `rect` (rows whose ink count stands
 * out after an Otsu split). Undefined when the region is blank: the split finds only texture.
 */
export function findInkLine(image: GrayImage, rect: Rect, expectedCy: number, minHeight: number): InkLine | undefined {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(image.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.round(rect.y + rect.height));
  if (x1 - x0 < 4 || y1 - y0 < 4) return undefined;
  const region = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const { threshold, darkMean, lightMean } = computeOtsu(image, region);
  if (lightMean - darkMean < 60 || darkMean > 150) return undefined;
  const cut = Math.min(threshold, (darkMean + lightMean) / 2);
  const counts: number[] = [];
  for (let y = y0; y < y1; y += 1) {
    let n = 0;
    for (let x = x0; x < x1; x += 1) if ((image.data[y * image.width + x] ?? 255) <= cut) n += 1;
    counts.push(n);
  }
  const minInk = Math.max(2, Math.round((x1 - x0) * 0.004));
  const runs: [number, number][] = [];
  let y = 0;
  while (y < counts.length) {
    if ((counts[y] ?? 0) < minInk) {
      y += 1;
      continue;
    }
    const start = y;
    let gap = 0;
    while (y < counts.length && gap <= 2) {
      gap = (counts[y] ?? 0) >= minInk ? 0 : gap + 1;
      y += 1;
    }
    runs.push([y0 + start, y0 + y - gap]);
  }
  const candidates = runs.filter(([a, b]) => b - a >= minHeight);
  if (candidates.length === 0) return undefined;
  const distance = ([a, b]: [number, number]): number => {
    if (expectedCy >= a && expectedCy <= b) return 0;
    return Math.min(Math.abs(expectedCy - a), Math.abs(expectedCy - b));
  };
  candidates.sort((p, q) => distance(p) - distance(q));
  const [top, bottom] = candidates[0] ?? [0, 0];
  const columns: boolean[] = [];
  for (let x = x0; x < x1; x += 1) {
    let hasInk = false;
    for (let yy = top; yy < bottom && !hasInk; yy += 1) hasInk = (image.data[yy * image.width + x] ?? 255) <= cut;
    columns.push(hasInk);
  }
  let first = columns.indexOf(true);
  const last = columns.lastIndexOf(true);
  if (first < 0 || last <= first) return undefined;
  // A sliver cut by the region's left edge (the tail of a label when the registration is a few
  // units off) followed by a clear gap is not part of the value.
  const lineHeight = bottom - top;
  if (first <= 2) {
    let end = first;
    while (end < columns.length && columns[end]) end += 1;
    let gapEnd = end;
    while (gapEnd < columns.length && !columns[gapEnd]) gapEnd += 1;
    if (end - first < lineHeight * 0.6 && gapEnd - end >= lineHeight * 0.5 && gapEnd < columns.length) first = gapEnd;
  }
  return { top, bottom, left: x0 + first, right: x0 + last + 1 };
}

/**
 * Prepares a line crop for the recogniser: contrast stretched so paper is white and ink black,
 * and a white margin (tesseract reads badly when glyphs touch the border).
 */
export function prepareLine(image: GrayImage, rect: Rect, margin: number): GrayImage {
  const crop = cropGray(image, rect);
  const { darkMean, lightMean } = computeOtsu(crop);
  const lo = darkMean;
  const hi = Math.max(lo + 1, lightMean - (lightMean - darkMean) * 0.1);
  const height = crop.height + 2 * margin;
  const left = margin;
  const width = crop.width + 2 * left;
  const out = new Uint8ClampedArray(width * height).fill(255);
  for (let y = 0; y < crop.height; y += 1) {
    for (let x = 0; x < crop.width; x += 1) {
      const v = crop.data[y * crop.width + x] ?? 255;
      out[(y + margin) * width + x + left] = ((v - lo) / (hi - lo)) * 255;
    }
  }
  return { width, height, data: out };
}

/**
 * Repeats a line image side by side with blank gaps. Tesseract's line recogniser often returns
 * nothing for a lone short value (P.6 "6", S.1 "5"); three copies read as "6 6 6" reliably.
 */
export function repeatHorizontally(image: GrayImage, times: number, gap: number): GrayImage {
  const width = image.width * times + gap * (times - 1);
  const out = new Uint8ClampedArray(width * image.height).fill(255);
  for (let y = 0; y < image.height; y += 1) {
    const row = image.data.subarray(y * image.width, (y + 1) * image.width);
    for (let k = 0; k < times; k += 1) out.set(row, y * width + k * (image.width + gap));
  }
  return { width, height: image.height, data: out };
}
