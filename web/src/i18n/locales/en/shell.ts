/** English messages of the shell screens (same keys as French). */
import type { shellFr } from '../fr/shell.ts';

export const shellEn: typeof shellFr = {
  nav: {
    more: 'More',
    scoringSettings: 'Scoring settings',
  },
  home: {
    quickActions: {
      title: 'Quick actions',
      newTask: 'New task',
      newOpportunity: 'New opportunity',
    },
  },
};
