/**
 * Pipeline stages (seed 002): the columns of the sales pipeline. Every tenant starts with the
 * seven default stages (created by the database); a default stage has a `key` and shows
 * `name ?? t('pipeline.stages.<key>')`, so renaming one sets `name`. Clients create stages with
 * a name (their key stays null).
 */
import { z } from 'zod';
import { optionalText, requiredText } from '../crm/fields.ts';
import { colorSchema, percentSchema } from './fields.ts';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Keys of the default stages, in pipeline order. */
export const DEFAULT_STAGE_KEYS = ['prospect', 'contact', 'interest', 'demo', 'proposal', 'won', 'lost'] as const;
export type DefaultStageKey = (typeof DEFAULT_STAGE_KEYS)[number];

/** The default stages the database creates for every tenant (mirrors private.create_default_stages). */
export const DEFAULT_STAGES: readonly {
  key: DefaultStageKey;
  position: number;
  probability: number;
  kind: StageKind;
}[] = [
  { key: 'prospect', position: 0, probability: 10, kind: 'open' },
  { key: 'contact', position: 1, probability: 20, kind: 'open' },
  { key: 'interest', position: 2, probability: 40, kind: 'open' },
  { key: 'demo', position: 3, probability: 60, kind: 'open' },
  { key: 'proposal', position: 4, probability: 80, kind: 'open' },
  { key: 'won', position: 5, probability: 100, kind: 'won' },
  { key: 'lost', position: 6, probability: 0, kind: 'lost' },
];

export const MAX_STAGE_POSITION = 1000;

/** A pipeline stage row as replicated (snake_case, as in Postgres). */
export type PipelineStage = {
  readonly id: string;
  readonly tenant_id: string;
  readonly key: DefaultStageKey | null;
  readonly name: string | null;
  readonly position: number;
  readonly probability: number;
  readonly kind: StageKind;
  readonly color: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const pipelineStageFieldsSchema = z.object({
  name: optionalText(60),
  position: z.number().int().min(0).max(MAX_STAGE_POSITION),
  probability: percentSchema,
  kind: z.enum(STAGE_KINDS),
  color: colorSchema,
});
export type PipelineStageFields = z.infer<typeof pipelineStageFieldsSchema>;

/** Fields a client may write; `key` belongs to the default stages the server creates. */
export const PIPELINE_STAGE_WRITABLE_FIELDS = Object.keys(
  pipelineStageFieldsSchema.shape,
) as (keyof PipelineStageFields)[];

export const PIPELINE_STAGE_DEFAULTS = {
  key: null,
  name: null,
  color: null,
} as const satisfies Partial<PipelineStage>;

/** Create: a client stage needs a name (it has no key to translate), a position, a probability, a kind. */
export const pipelineStageCreateSchema = pipelineStageFieldsSchema
  .partial()
  .required({ position: true, probability: true, kind: true })
  .extend({ name: requiredText(60) });

/** Update: only the fields that changed (a default stage's name may go back to null). */
export const pipelineStageUpdateSchema = pipelineStageFieldsSchema.partial();
