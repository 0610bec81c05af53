/**
 * Renders the first page of a PDF (a scanned carte grise sent by e-mail, say) at ≈ 300 dpi, as
 * the Node CLI does. Runs on the page, not in the OCR worker: pdf.js draws through a DOM canvas.
 * pdf.js and its own worker are loaded on demand and served by the app (same origin, precached).
 */
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** Pixels per PDF point: 300 dpi / 72 points per inch. */
const RENDER_SCALE = 300 / 72;

/** The first page as a bitmap, white background. */
export async function renderPdfFirstPage(file: Blob): Promise<ImageBitmap> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = pdfWorkerUrl;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(await file.arrayBuffer()), isEvalSupported: false })
    .promise;
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: RENDER_SCALE });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: ctx, viewport }).promise;
    return await createImageBitmap(canvas);
  } finally {
    await doc.destroy();
  }
}
