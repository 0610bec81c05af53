/** English messages of the tasks screens (same keys as French). */
import type { tasksFr } from '../fr/tasks.ts';

export const tasksEn: typeof tasksFr = {
  title: 'tasks',
};
