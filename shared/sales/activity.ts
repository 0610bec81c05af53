/**
 * Activities (seed 003 activity types, seed 001 D3 quick actions): calls, e-mails, meetings,
 * visits and notes logged against a company, a contact and/or an opportunity, plus the system
 * entries the server writes (`created`, `stage_change`). A call, e-mail, meeting or visit on a
 * contact sets contacts.last_contacted_at (server).
 */
import { z } from 'zod';
import { optionalText } from '../crm/fields.ts';
import { instantSchema, optionalUuidSchema, type JsonObject } from './fields.ts';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'note', 'visit', 'stage_change', 'created'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Kinds a person logs; the others are written by the server only. */
export const USER_ACTIVITY_KINDS = ['call', 'email', 'meeting', 'note', 'visit'] as const;
export type UserActivityKind = (typeof USER_ACTIVITY_KINDS)[number];

export const SYSTEM_ACTIVITY_KINDS = ['stage_change', 'created'] as const;

/** Kinds that count as contacting someone (contacts.last_contacted_at). */
export const CONTACTING_ACTIVITY_KINDS = ['call', 'email', 'meeting', 'visit'] as const;

export const ACTIVITY_OUTCOMES = ['reached', 'voicemail', 'call_back', 'not_interested', 'done', 'no_show'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export const MAX_ACTIVITY_DURATION_MINUTES = 1440;

/** Details of a system entry: the stages of a stage_change. */
export type ActivityDetails = JsonObject & {
  readonly from_stage_id?: string | null;
  readonly to_stage_id?: string;
};

/** An activity row as replicated (snake_case, as in Postgres); owner_id is the author. */
export type Activity = {
  readonly id: string;
  readonly tenant_id: string;
  readonly kind: ActivityKind;
  readonly outcome: ActivityOutcome | null;
  readonly duration_minutes: number | null;
  readonly occurred_at: string;
  readonly subject: string | null;
  readonly body: string | null;
  readonly company_id: string | null;
  readonly contact_id: string | null;
  readonly opportunity_id: string | null;
  readonly details: ActivityDetails | null;
  readonly owner_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const activityFieldsSchema = z.object({
  kind: z.enum(USER_ACTIVITY_KINDS),
  outcome: z.enum(ACTIVITY_OUTCOMES).nullable(),
  duration_minutes: z.number().int().min(0).max(MAX_ACTIVITY_DURATION_MINUTES).nullable(),
  occurred_at: instantSchema,
  subject: optionalText(200),
  body: optionalText(10_000),
  company_id: optionalUuidSchema,
  contact_id: optionalUuidSchema,
  opportunity_id: optionalUuidSchema,
});
export type ActivityFields = z.infer<typeof activityFieldsSchema>;

/** Fields a client may write; the author (owner_id) is the caller, details are the server's. */
export const ACTIVITY_WRITABLE_FIELDS = Object.keys(activityFieldsSchema.shape) as (keyof ActivityFields)[];

export const ACTIVITY_DEFAULTS = {
  outcome: null,
  duration_minutes: null,
  subject: null,
  body: null,
  company_id: null,
  contact_id: null,
  opportunity_id: null,
} as const satisfies Omit<ActivityFields, 'kind' | 'occurred_at'>;

/** Server-set columns of a new activity (replica placeholders). */
export const ACTIVITY_SERVER_DEFAULTS = { details: null } as const satisfies Partial<Activity>;

/** Create: a kind, a time, and at least one record it is about. */
export const activityCreateSchema = activityFieldsSchema
  .partial()
  .required({ kind: true, occurred_at: true })
  .superRefine((value, ctx) => {
    if (!value.company_id && !value.contact_id && !value.opportunity_id) {
      ctx.addIssue({ code: 'custom', path: ['contact_id'], message: 'link_required' });
    }
  });

/** Update: only the fields that changed (system entries are not editable). */
export const activityUpdateSchema = activityFieldsSchema.partial();

export function isSystemActivityKind(kind: ActivityKind): boolean {
  return (SYSTEM_ACTIVITY_KINDS as readonly string[]).includes(kind);
}
