/**
 * Node side of the reader's tiny image interface: decode a file (JPEG, PNG, or the first page of a
 * PDF) into ImageData-compatible pixels with @napi-rs/canvas, and encode a gray line crop as PNG
 * for tesseract.js. The browser worker does the same with OffscreenCanvas.
 */
import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { toGray, toRgba, type GrayImage, type RgbaImage } from '../../../../shared/carte-grise/index.ts';

/** Renders the first page of a PDF at ≈ 300 dpi. */
async function decodePdf(bytes: Uint8Array): Promise<RgbaImage> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 300 / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  } finally {
    await doc.destroy();
  }
}

/** Decodes an image file to RGBA pixels. */
export async function decodeImageFile(file: string): Promise<RgbaImage> {
  const bytes = await readFile(file);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return decodePdf(new Uint8Array(bytes));
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height);
}

/** Decodes an image file straight to grayscale. */
export async function decodeGrayFile(file: string): Promise<GrayImage> {
  return toGray(await decodeImageFile(file));
}

/** Encodes a gray image as PNG (what tesseract.js takes in Node). */
export function encodeGrayPng(image: GrayImage): Buffer {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const rgba = toRgba(image);
  const data = ctx.createImageData(image.width, image.height);
  data.data.set(rgba.data);
  ctx.putImageData(data, 0, 0);
  return canvas.toBuffer('image/png');
}
