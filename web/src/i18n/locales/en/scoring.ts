/** English messages of the scoring screens (same keys as French). */
import type { scoringFr } from '../fr/scoring.ts';

export const scoringEn: typeof scoringFr = {
  title: 'scoring',
};
