/**
 * Where a notification leads: the record it is about (an opportunity's pipeline page, a contact,
 * a company, a task). A mention on a comment leads to the commented record.
 */
import { buildCompanyPath, buildContactPath } from '@web/features/crm/index.ts';
import { buildTaskPath } from '@web/features/tasks/index.ts';

export const NOTIFICATIONS_PATH = '/notifications';

/** The pipeline's page of one opportunity (V1 contract: /pipeline/:id). */
export function buildOpportunityPath(id: string): string {
  return `/pipeline/${encodeURIComponent(id)}`;
}

/** The page of the record a notification is about, or null for a kind of record this app does not show. */
export function buildNotificationTarget(notification: { record_table: string; record_id: string }): string | null {
  const id = notification.record_id;
  switch (notification.record_table) {
    case 'opportunities':
      return buildOpportunityPath(id);
    case 'contacts':
      return buildContactPath(id);
    case 'companies':
      return buildCompanyPath(id);
    case 'tasks':
      return buildTaskPath(id);
    default:
      return null;
  }
}
