/**
 * The tenant's scoring weights (seed 002 "scoring explicable et ajustable"), one live row per
 * kind. No row: the defaults of shared/scoring apply. The weights' shape is validated by
 * shared/scoring's weightsSchema; here and in the database, only that they are an object.
 */
import { z } from 'zod';
import type { JsonObject } from './fields.ts';

export const SCORING_MODEL_KINDS = ['opportunity', 'contact'] as const;
export type ScoringModelKind = (typeof SCORING_MODEL_KINDS)[number];

export type ScoringModel = {
  readonly id: string;
  readonly tenant_id: string;
  readonly kind: ScoringModelKind;
  readonly weights: JsonObject;
  readonly created_at: string;
  readonly updated_at: string;
};

export const weightsObjectSchema = z.record(z.string(), z.unknown());

export const scoringModelFieldsSchema = z.object({
  kind: z.enum(SCORING_MODEL_KINDS),
  weights: weightsObjectSchema,
});
export type ScoringModelFields = z.infer<typeof scoringModelFieldsSchema>;

export const SCORING_MODEL_WRITABLE_FIELDS = Object.keys(
  scoringModelFieldsSchema.shape,
) as (keyof ScoringModelFields)[];

export const SCORING_MODEL_DEFAULTS = {} as const;

export const scoringModelCreateSchema = scoringModelFieldsSchema;

/** Update: the weights (the kind of a model never changes). */
export const scoringModelUpdateSchema = scoringModelFieldsSchema.pick({ weights: true }).partial();
