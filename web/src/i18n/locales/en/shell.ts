/** English messages of the shell screens (same keys as French). */
import type { shellFr } from '../fr/shell.ts';

export const shellEn: typeof shellFr = {
  title: 'shell',
};
