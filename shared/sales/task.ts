/**
 * Tasks (seed 001): to-dos with a due date, assigned to a member (the creator by default) and
 * optionally linked to a company, contact or opportunity. completed_at is set by the server when
 * the status becomes done; assigning a task to someone else notifies them.
 */
import { z } from 'zod';
import { optionalText, requiredText } from '../crm/fields.ts';
import { instantSchema, optionalUuidSchema } from './fields.ts';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task row as replicated (snake_case, as in Postgres); owner_id is the creator. */
export type Task = {
  readonly id: string;
  readonly tenant_id: string;
  readonly title: string;
  readonly description: string | null;
  readonly due_at: string | null;
  readonly remind_at: string | null;
  readonly priority: TaskPriority;
  readonly status: TaskStatus;
  readonly assignee_id: string | null;
  readonly completed_at: string | null;
  readonly company_id: string | null;
  readonly contact_id: string | null;
  readonly opportunity_id: string | null;
  readonly owner_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const taskFieldsSchema = z.object({
  title: requiredText(200),
  description: optionalText(10_000),
  due_at: instantSchema.nullable(),
  remind_at: instantSchema.nullable(),
  priority: z.enum(TASK_PRIORITIES),
  status: z.enum(TASK_STATUSES),
  assignee_id: optionalUuidSchema,
  company_id: optionalUuidSchema,
  contact_id: optionalUuidSchema,
  opportunity_id: optionalUuidSchema,
});
export type TaskFields = z.infer<typeof taskFieldsSchema>;

/** Fields a client may write; the creator (owner_id) is the caller, completed_at is the server's. */
export const TASK_WRITABLE_FIELDS = Object.keys(taskFieldsSchema.shape) as (keyof TaskFields)[];

/** assignee_id defaults to the creator (the server fills it in when absent). */
export const TASK_DEFAULTS = {
  description: null,
  due_at: null,
  remind_at: null,
  priority: 'normal',
  status: 'todo',
  company_id: null,
  contact_id: null,
  opportunity_id: null,
} as const satisfies Omit<TaskFields, 'title' | 'assignee_id'>;

/** Server-set columns of a new task (replica placeholders). */
export const TASK_SERVER_DEFAULTS = { completed_at: null } as const satisfies Partial<Task>;

export const taskCreateSchema = taskFieldsSchema.partial().required({ title: true });

/** Update: only the fields that changed. */
export const taskUpdateSchema = taskFieldsSchema.partial();
