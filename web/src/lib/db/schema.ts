/**
 * The replica database: one Dexie (IndexedDB) database per (user, tenant), named
 * `comptoir-<userId>-<tenantId>`, so two accounts on one device never see each other's rows and
 * a tenant switch never mixes data.
 *
 * Tables
 *   one per SYNC_TABLES  server rows (snake_case columns, exactly as pulled) with the pending
 *                        local writes re-applied on top; companies and contacts also carry
 *                        `_search` (folded words for search)
 *   outbox               the user's intents, in order; an entry leaves only when the server
 *                        rejected it (→ rejections) or a pull snapshot contains its push txid
 *   bases                shadow copies: the last pulled server version of every row that has
 *                        outbox entries (`row: null` = the server has no such row). Rebase and
 *                        rejection revert start from it; it goes when the row's last entry goes.
 *                        A shadow table, not a `_base` column, because a row deleted locally
 *                        leaves the replica table but its server version must survive for undo
 *                        and for a rejected delete.
 *   rejections           "needs attention": refused mutations with the user's data
 *   meta                 clientId, nextMutationId, cursor, lastSyncedAt
 *   attachments          content-addressed blobs waiting for (or done with) their upload
 *
 * Schema versions are append-only. To change the schema, never edit `version(1)`: add
 *   this.version(2).stores({ contacts: 'id, company_id, owner_id, updated_at, *tags, city' })
 *     .upgrade((tx) => tx.table('contacts').toCollection().modify((row) => { … }));
 * listing only the tables that change; Dexie runs the upgrades in order on the next open.
 * Indexes are few on purpose: each one slows the initial sync's bulkPut (version 2 dropped those
 * no screen queries).
 */
import Dexie, { type Table } from 'dexie';
import type { Company, Contact } from '@shared/crm/index.ts';
import type { MutationOp, SyncTable } from '@shared/sync/protocol.ts';
import type {
  Activity,
  Comment,
  Notification,
  Opportunity,
  OpportunityStageHistory,
  PipelineStage,
  ScoringModel,
  Task,
} from '@shared/sales/index.ts';
import type { SalesDocument, SalesDocumentLine } from '@shared/invoicing/documents.ts';
import type { SyncRowOf } from '@shared/sync/registry.ts';

export type ReplicaTable = SyncTable;
export type ReplicaRow<T extends ReplicaTable> = SyncRowOf<T>;

/** A row as the server sent it: its columns, nothing internal. */
export type ServerRow = Record<string, unknown> & { readonly id: string };

export type OutboxEntry = {
  seq?: number;
  table: ReplicaTable;
  rowId: string;
  op: MutationOp;
  /** Insert: the fields the user gave; update: only the changed fields; delete: {}. */
  fields: Record<string, unknown>;
  createdAt: string;
  /** Assigned (and persisted) at first push; a replay after a lost answer reuses it. */
  mutationId?: number;
  /** A delete waits this long (epoch ms) for a possible undo; entries after it wait too. */
  holdUntil?: number;
  /** Push txid once the server applied it; the entry stays until a pull snapshot contains it. */
  txid?: string;
};

export type BaseRecord = { key: string; row: ServerRow | null };

export const REJECTION_REASONS = [
  'invalid',
  'forbidden',
  'not_found',
  'deleted',
  'conflict',
  'unknown_field',
  'not_a_member',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type Rejection = {
  id: string;
  table: ReplicaTable;
  rowId: string;
  op: MutationOp;
  /** The data the user wrote. */
  fields: Record<string, unknown>;
  code: RejectionReason;
  /** Offending field names. */
  offending: string[];
  rejectedAt: string;
};

export type MetaRecord = { key: string; value: unknown };

export type AttachmentStatus = 'pending' | 'uploaded' | 'failed';
export type AttachmentRecord = {
  hash: string;
  blob: Blob;
  type: string;
  size: number;
  status: AttachmentStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: string;
};

export class ReplicaDb extends Dexie {
  declare companies: Table<Company, string>;
  declare contacts: Table<Contact, string>;
  declare pipeline_stages: Table<PipelineStage, string>;
  declare opportunities: Table<Opportunity, string>;
  declare opportunity_stage_history: Table<OpportunityStageHistory, string>;
  declare activities: Table<Activity, string>;
  declare tasks: Table<Task, string>;
  declare comments: Table<Comment, string>;
  declare notifications: Table<Notification, string>;
  declare scoring_models: Table<ScoringModel, string>;
  declare sales_documents: Table<SalesDocument, string>;
  declare sales_document_lines: Table<SalesDocumentLine, string>;
  declare outbox: Table<OutboxEntry, number>;
  declare bases: Table<BaseRecord, string>;
  declare rejections: Table<Rejection, string>;
  declare meta: Table<MetaRecord, string>;
  declare attachments: Table<AttachmentRecord, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      companies: 'id, owner_id, updated_at, *tags',
      contacts: 'id, company_id, owner_id, updated_at, *tags',
      outbox: '++seq, [table+rowId]',
      bases: 'key',
      rejections: 'id, rejectedAt',
      meta: 'key',
      attachments: 'hash, status',
    });
    // Only the indexes a screen queries (contacts by company). Every index is written for every
    // row of the initial sync; with owner_id, updated_at and tags (the lists filter in memory)
    // Chromium took 0.75 s instead of 0.28 s to store 5,000 companies.
    this.version(2).stores({ companies: 'id', contacts: 'id, company_id' });
    // V1 (field sales): exactly the indexes the screens query, nothing more (same reason).
    this.version(3).stores({
      pipeline_stages: 'id',
      opportunities: 'id, stage_id, owner_id, company_id, contact_id',
      opportunity_stage_history: 'id, opportunity_id',
      activities: 'id, [contact_id+occurred_at], [company_id+occurred_at], [opportunity_id+occurred_at], occurred_at',
      tasks: 'id, assignee_id, status, opportunity_id, contact_id',
      comments: 'id, [record_table+record_id]',
      notifications: 'id, user_id',
      scoring_models: 'id',
    });
    // V3 (invoicing): documents by company, contact and kind (the lists), lines by document.
    this.version(4).stores({
      sales_documents: 'id, company_id, contact_id, kind',
      sales_document_lines: 'id, document_id',
    });
  }
}

export function getReplicaDbName(userId: string, tenantId: string): string {
  return `comptoir-${userId}-${tenantId}`;
}

export function getRowKey(table: ReplicaTable, rowId: string): string {
  return `${table}:${rowId}`;
}
