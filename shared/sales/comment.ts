/**
 * Internal comments (seed 001 C1) on an opportunity, company or contact, with @mentions. The
 * server notifies each mentioned active member of the tenant (not the author).
 */
import { z } from 'zod';
import { requiredText } from '../crm/fields.ts';
import { uuidSchema } from './fields.ts';

export const COMMENT_RECORD_TABLES = ['opportunities', 'companies', 'contacts'] as const;
export type CommentRecordTable = (typeof COMMENT_RECORD_TABLES)[number];

export const MAX_MENTIONS = 20;

/** A comment row as replicated (snake_case, as in Postgres); owner_id is the author. */
export type Comment = {
  readonly id: string;
  readonly tenant_id: string;
  readonly record_table: CommentRecordTable;
  readonly record_id: string;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly owner_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

/** Mentions: user ids, each once, at most 20 (the database refuses duplicates too). */
export const mentionsSchema = z
  .array(uuidSchema)
  .max(MAX_MENTIONS)
  .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, { message: 'mentions_duplicate' });

export const commentFieldsSchema = z.object({
  record_table: z.enum(COMMENT_RECORD_TABLES),
  record_id: uuidSchema,
  body: requiredText(5000),
  mentions: mentionsSchema,
});
export type CommentFields = z.infer<typeof commentFieldsSchema>;

/** Fields a client may write; the author (owner_id) is the caller. */
export const COMMENT_WRITABLE_FIELDS = Object.keys(commentFieldsSchema.shape) as (keyof CommentFields)[];

export const COMMENT_DEFAULTS = { mentions: [] } as const satisfies Partial<CommentFields>;

export const commentCreateSchema = commentFieldsSchema
  .partial()
  .required({ record_table: true, record_id: true, body: true });

/** Update: the text and the mentions (new mentions are not notified again). */
export const commentUpdateSchema = commentFieldsSchema.pick({ body: true, mentions: true }).partial();
