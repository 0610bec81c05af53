/**
 * The local-first replica (docs/sync.md): the only module of the app that uses Dexie. Every
 * table of SYNC_TABLES is replicated (db.<table>, typed with its row type). Features
 * read rows with useReplicaQuery and searchContacts/searchCompanies, write with createRow /
 * updateRow / deleteRow (validated, replica + outbox in one transaction, pushed later), show
 * useSyncState and the useRejections "needs attention" list.
 */
import type { Company, Contact } from '@shared/crm/index.ts';
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

export type { ReplicaDb, ReplicaRow, ReplicaTable, Rejection } from './schema.ts';
export type { SyncPhase, SyncState } from './status.ts';
export type { Undo } from './engine.ts';
export type {
  Activity,
  Comment,
  Company,
  Contact,
  Notification,
  Opportunity,
  OpportunityStageHistory,
  PipelineStage,
  ScoringModel,
  Task,
};
export { UNDO_WINDOW_MS } from './engine.ts';
export { ReadOnlyTableError, ValidationError } from './validation.ts';
export { getSyncState } from './status.ts';
export { REJECTION_KEYS, SYNC_ERROR_KEYS, SYNC_PHASE_KEYS, SYNC_TEXT_KEYS, VALIDATION_KEYS } from './messages.ts';
export {
  createRow,
  deleteRow,
  discardRejection,
  getAttachmentUrl,
  queueAttachment,
  requestSync,
  retryRejection,
  searchCompanies,
  searchContacts,
  startReplica,
  stopReplica,
  syncNow,
  updateRow,
} from './runtime.ts';
export { useAttachmentQueue, useRejections, useReplicaQuery, useSyncState } from './hooks.ts';
