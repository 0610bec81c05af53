/** Addresses of the task screens (French, like the rest of the app's addresses). */
export const TASKS_PATHS = {
  tasks: '/taches',
  taskNew: '/taches/nouvelle',
} as const;

/** The page of one task (its form). */
export function buildTaskPath(id: string): string {
  return `${TASKS_PATHS.tasks}/${encodeURIComponent(id)}`;
}

export type NewTaskPreset = {
  readonly contact_id?: string | null;
  readonly company_id?: string | null;
  readonly opportunity_id?: string | null;
};

/** The new-task form, linked in advance to these records ("Ajouter une tâche" on a record page). */
export function buildNewTaskPath(preset: NewTaskPreset = {}): string {
  const params = new URLSearchParams();
  if (preset.contact_id) params.set('contact', preset.contact_id);
  if (preset.company_id) params.set('company', preset.company_id);
  if (preset.opportunity_id) params.set('opportunity', preset.opportunity_id);
  const query = params.toString();
  return query ? `${TASKS_PATHS.taskNew}?${query}` : TASKS_PATHS.taskNew;
}
