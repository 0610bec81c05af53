/**
 * One tesseract.js worker for Node, with the French LSTM data shipped by npm
 * (@tesseract.js-data/fra, best_int): no CDN, no cache files written into the working tree.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, PSM, type Worker } from 'tesseract.js';
import type { GrayImage, LineRecognizer } from '../../../../shared/carte-grise/index.ts';
import { encodeGrayPng } from './node-image.ts';

export type NodeRecognizer = LineRecognizer & { readonly terminate: () => Promise<void> };

/** Directory holding `fra.traineddata.gz` inside node_modules. */
export function getLangPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tesseract.js-data/fra/package.json')), '4.0.0_best_int');
}

/** Starts one worker (≈ 0.3 s) to be reused for every line of every image. */
export async function createNodeRecognizer(): Promise<NodeRecognizer> {
  const worker: Worker = await createWorker('fra', 1, {
    langPath: getLangPath(),
    gzip: true,
    cacheMethod: 'none',
  });
  let lastWhitelist: string | undefined;
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE, user_defined_dpi: '300' });
  return {
    recognizeLine: async (image: GrayImage, whitelist: string) => {
      if (whitelist !== lastWhitelist) {
        await worker.setParameters({ tessedit_char_whitelist: whitelist });
        lastWhitelist = whitelist;
      }
      const { data } = await worker.recognize(encodeGrayPng(image));
      return { text: data.text.replace(/\n+$/, ''), confidence: data.confidence };
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}
