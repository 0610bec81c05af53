/**
 * Opportunities (seed 001 pipeline, seed 002): what a salesperson hopes to sign. Validated here
 * optimistically, by the database authoritatively. The stage history, stage_entered_at,
 * closed_at and the score columns are the server's.
 */
import { z } from 'zod';
import { optionalText, requiredText, tagsSchema } from '../crm/fields.ts';
import {
  amountCentsSchema,
  calendarDateSchema,
  currencySchema,
  optionalUuidSchema,
  percentSchema,
  uuidSchema,
  type JsonObject,
} from './fields.ts';
import type { StageKind } from './pipeline-stage.ts';

export const OPPORTUNITY_SOURCES = [
  'website',
  'referral',
  'cold_call',
  'event',
  'partner',
  'inbound',
  'other',
] as const;
export type OpportunitySource = (typeof OPPORTUNITY_SOURCES)[number];

/** An opportunity row as replicated (snake_case, as in Postgres; amount in integer cents). */
export type Opportunity = {
  readonly id: string;
  readonly tenant_id: string;
  readonly title: string;
  readonly company_id: string | null;
  readonly contact_id: string | null;
  readonly amount_cents: number;
  readonly currency: string;
  readonly stage_id: string;
  /** Null: the stage's probability applies. */
  readonly probability: number | null;
  readonly expected_close_date: string | null;
  readonly owner_id: string | null;
  readonly source: OpportunitySource | null;
  readonly next_step: string | null;
  readonly loss_reason: string | null;
  readonly tags: readonly string[];
  readonly notes: string | null;
  readonly stage_entered_at: string;
  readonly closed_at: string | null;
  readonly score: number | null;
  readonly score_explanation: JsonObject | null;
  readonly scored_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const opportunityFieldsSchema = z.object({
  title: requiredText(200),
  company_id: optionalUuidSchema,
  contact_id: optionalUuidSchema,
  amount_cents: amountCentsSchema,
  currency: currencySchema,
  stage_id: uuidSchema,
  probability: percentSchema.nullable(),
  expected_close_date: calendarDateSchema.nullable(),
  owner_id: optionalUuidSchema,
  source: z.enum(OPPORTUNITY_SOURCES).nullable(),
  next_step: optionalText(500),
  loss_reason: optionalText(500),
  tags: tagsSchema,
  notes: optionalText(10_000),
});
export type OpportunityFields = z.infer<typeof opportunityFieldsSchema>;

/** Fields a client may write; stage_entered_at, closed_at and the score columns are the server's. */
export const OPPORTUNITY_WRITABLE_FIELDS = Object.keys(opportunityFieldsSchema.shape) as (keyof OpportunityFields)[];

export const OPPORTUNITY_DEFAULTS = {
  company_id: null,
  contact_id: null,
  amount_cents: 0,
  currency: 'EUR',
  probability: null,
  expected_close_date: null,
  owner_id: null,
  source: null,
  next_step: null,
  loss_reason: null,
  tags: [],
  notes: null,
} as const satisfies Omit<OpportunityFields, 'title' | 'stage_id'>;

/** Server-set columns of a new opportunity before the server has seen it (replica placeholders). */
export const OPPORTUNITY_SERVER_DEFAULTS = {
  closed_at: null,
  score: null,
  score_explanation: null,
  scored_at: null,
} as const satisfies Partial<Opportunity>;

/** Create: a title and a stage are required, other fields optional (defaults apply). */
export const opportunityCreateSchema = opportunityFieldsSchema.partial().required({ title: true, stage_id: true });

/** Update: only the fields that changed. */
export const opportunityUpdateSchema = opportunityFieldsSchema.partial();

/**
 * The rule the database enforces with `opportunities_loss_reason_check`: an opportunity in a
 * lost stage says why. Forms call it with the stage they are about to save.
 */
export function isLossReasonMissing(
  opportunity: Pick<Opportunity, 'loss_reason'>,
  stage: { readonly kind: StageKind } | undefined,
): boolean {
  return stage?.kind === 'lost' && (opportunity.loss_reason ?? '').trim() === '';
}
