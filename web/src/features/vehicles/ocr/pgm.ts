/**
 * Encodes a gray line crop as binary PGM (P5) for tesseract.js: Leptonica reads it natively, and
 * writing a 15-byte header is free where a PNG encode (OffscreenCanvas.convertToBlob) costs
 * milliseconds per line — a certificate has ~30 lines.
 */
import type { GrayImage } from '@shared/carte-grise/index.ts';

/** The image as a P5 file: ASCII header, then one byte per pixel, rows top to bottom. */
export function encodePgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.width * image.height);
  out.set(header, 0);
  out.set(image.data.subarray(0, image.width * image.height), header.length);
  return out;
}
