/**
 * Task routes (signed-in, under the SecurityGate). Pages load lazily; the service worker
 * precaches them, so every screen opens offline. Static paths come before `:id`.
 */
import type { RouteObject } from 'react-router';
import { TASKS_PATHS } from './paths.ts';

export const tasksRoutes: RouteObject[] = [
  {
    path: TASKS_PATHS.tasks,
    lazy: async () => ({ Component: (await import('./components/tasks-page.tsx')).TasksPage }),
  },
  {
    path: TASKS_PATHS.taskNew,
    lazy: async () => ({ Component: (await import('./components/task-pages.tsx')).NewTaskPage }),
  },
  {
    path: `${TASKS_PATHS.tasks}/:id`,
    lazy: async () => ({ Component: (await import('./components/task-pages.tsx')).TaskDetailPage }),
  },
];
