/**
 * In-app notifications, one row per recipient, written only by the server (mentions in
 * comments, a task assigned to someone else). The recipient may only mark them read (read_at)
 * or delete them.
 */
import { z } from 'zod';
import { instantSchema } from './fields.ts';

export const NOTIFICATION_KINDS = ['mention', 'task_assigned'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Tables a notification points at. */
export const NOTIFICATION_RECORD_TABLES = ['opportunities', 'companies', 'contacts', 'tasks'] as const;
export type NotificationRecordTable = (typeof NOTIFICATION_RECORD_TABLES)[number];

export type Notification = {
  readonly id: string;
  readonly tenant_id: string;
  readonly user_id: string;
  readonly kind: NotificationKind;
  readonly record_table: NotificationRecordTable;
  readonly record_id: string;
  readonly actor_id: string | null;
  readonly excerpt: string | null;
  readonly read_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const notificationFieldsSchema = z.object({ read_at: instantSchema.nullable() });
export type NotificationFields = z.infer<typeof notificationFieldsSchema>;

export const NOTIFICATION_WRITABLE_FIELDS = Object.keys(notificationFieldsSchema.shape) as (keyof NotificationFields)[];

export const NOTIFICATION_DEFAULTS = { read_at: null } as const satisfies NotificationFields;

/** Clients never create notifications; the schema exists so the table API stays uniform. */
export const notificationCreateSchema = z.never();

export const notificationUpdateSchema = notificationFieldsSchema.partial();
