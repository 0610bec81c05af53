/**
 * The i18n keys the engine and the sync screens use (namespace `sync`, web/src/i18n/locales/
 * {fr,en}/sync.ts), written out so each key has one home: screens translate
 * `t(SYNC_PHASE_KEYS[state.phase])`, `t(REJECTION_KEYS[rejection.code])`, and ValidationError
 * carries keys of VALIDATION_KEYS.
 */
import type { RejectionReason } from './schema.ts';
import type { SyncPhase } from './status.ts';

export const SYNC_PHASE_KEYS: Readonly<Record<SyncPhase, string>> = {
  stopped: 'sync.phase.stopped',
  initial: 'sync.phase.initial',
  syncing: 'sync.phase.syncing',
  idle: 'sync.phase.idle',
  offline: 'sync.phase.offline',
  error: 'sync.phase.error',
};

/** Status bar and "needs attention" texts. */
export const SYNC_TEXT_KEYS = {
  online: 'sync.status.online',
  offline: 'sync.status.offline',
  pending: 'sync.status.pending',
  rejections: 'sync.status.rejections',
  lastSynced: 'sync.status.lastSynced',
  neverSynced: 'sync.status.neverSynced',
  progress: 'sync.status.progress',
  syncNow: 'sync.status.syncNow',
  attentionTitle: 'sync.attention.title',
  attentionIntro: 'sync.attention.intro',
  attentionEmpty: 'sync.attention.empty',
  attentionRetry: 'sync.attention.retry',
  attentionDiscard: 'sync.attention.discard',
  attentionDiscardConfirm: 'sync.attention.discardConfirm',
  opInsert: 'sync.op.insert',
  opUpdate: 'sync.op.update',
  opDelete: 'sync.op.delete',
  undo: 'sync.undo.action',
  undone: 'sync.undo.done',
  undoExpired: 'sync.undo.expired',
} as const;

/** errorKey values of SyncState. */
export const SYNC_ERROR_KEYS = {
  offline: 'sync.errors.offline',
  server: 'sync.errors.server',
  unexpected: 'sync.errors.unexpected',
  not_a_member: 'sync.errors.not_a_member',
  client_mismatch: 'sync.errors.client_mismatch',
  batch_refused: 'sync.errors.batch_refused',
} as const;

export const REJECTION_KEYS: Readonly<Record<RejectionReason, string>> = {
  invalid: 'sync.rejection.invalid',
  forbidden: 'sync.rejection.forbidden',
  not_found: 'sync.rejection.not_found',
  deleted: 'sync.rejection.deleted',
  conflict: 'sync.rejection.conflict',
  unknown_field: 'sync.rejection.unknown_field',
  not_a_member: 'sync.rejection.not_a_member',
};

/** Rules of shared/crm a ValidationError names (custom messages and zod issue codes). */
export const VALIDATION_KEYS = {
  unknown_field: 'sync.validation.unknown_field',
  email: 'sync.validation.email',
  phone: 'sync.validation.phone',
  website: 'sync.validation.website',
  siren: 'sync.validation.siren',
  siret: 'sync.validation.siret',
  vat_number: 'sync.validation.vat_number',
  siret_siren_mismatch: 'sync.validation.siret_siren_mismatch',
  name_or_email_required: 'sync.validation.name_or_email_required',
  custom_fields: 'sync.validation.custom_fields',
  link_required: 'sync.validation.link_required',
  date: 'sync.validation.date',
  mentions_duplicate: 'sync.validation.mentions_duplicate',
  too_small: 'sync.validation.too_small',
  too_big: 'sync.validation.too_big',
  invalid_type: 'sync.validation.invalid_type',
  invalid: 'sync.validation.invalid',
} as const;
export type ValidationRule = keyof typeof VALIDATION_KEYS;
