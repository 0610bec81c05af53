/**
 * The client's per-table rules of the sync engine (the server's are `private.sync_tables`): which
 * fields a client may write, the zod schemas that validate a write optimistically, the defaults
 * a locally created row shows until the server's version arrives, which operations a client may
 * queue at all, and the folded search text of the tables local search covers. The engine has no
 * table-specific code: everything it knows about a table is here.
 */
import type { z } from 'zod';
import {
  COMPANY_DEFAULTS,
  COMPANY_WRITABLE_FIELDS,
  CONTACT_DEFAULTS,
  CONTACT_WRITABLE_FIELDS,
  companyCreateSchema,
  companyUpdateSchema,
  contactCreateSchema,
  contactUpdateSchema,
  type Company,
  type Contact,
} from '../crm/index.ts';
import {
  ACTIVITY_DEFAULTS,
  ACTIVITY_SERVER_DEFAULTS,
  ACTIVITY_WRITABLE_FIELDS,
  COMMENT_DEFAULTS,
  COMMENT_WRITABLE_FIELDS,
  NOTIFICATION_DEFAULTS,
  NOTIFICATION_WRITABLE_FIELDS,
  OPPORTUNITY_DEFAULTS,
  OPPORTUNITY_SERVER_DEFAULTS,
  OPPORTUNITY_WRITABLE_FIELDS,
  PIPELINE_STAGE_DEFAULTS,
  PIPELINE_STAGE_WRITABLE_FIELDS,
  SCORING_MODEL_DEFAULTS,
  SCORING_MODEL_WRITABLE_FIELDS,
  TASK_DEFAULTS,
  TASK_SERVER_DEFAULTS,
  TASK_WRITABLE_FIELDS,
  activityCreateSchema,
  activityUpdateSchema,
  commentCreateSchema,
  commentUpdateSchema,
  notificationUpdateSchema,
  opportunityCreateSchema,
  opportunityUpdateSchema,
  pipelineStageCreateSchema,
  pipelineStageUpdateSchema,
  scoringModelCreateSchema,
  scoringModelUpdateSchema,
  taskCreateSchema,
  taskUpdateSchema,
  type Activity,
  type Comment,
  type Notification,
  type Opportunity,
  type OpportunityStageHistory,
  type PipelineStage,
  type ScoringModel,
  type Task,
} from '../sales/index.ts';
import {
  SALES_DOCUMENT_DEFAULTS,
  SALES_DOCUMENT_LINE_DEFAULTS,
  SALES_DOCUMENT_LINE_WRITABLE_FIELDS,
  SALES_DOCUMENT_SERVER_DEFAULTS,
  SALES_DOCUMENT_WRITABLE_FIELDS,
  salesDocumentCreateSchema,
  salesDocumentLineCreateSchema,
  salesDocumentLineUpdateSchema,
  salesDocumentUpdateSchema,
  type SalesDocument,
  type SalesDocumentLine,
} from '../invoicing/documents.ts';
import { SYNC_TABLES, type SyncTable } from './protocol.ts';
import {
  buildCompanyRankName,
  buildCompanySearchText,
  buildContactRankName,
  buildContactSearchText,
} from './search-text.ts';

/** The row type of each synced table (snake_case columns, as in Postgres). */
export type SyncRowTypes = {
  companies: Company;
  contacts: Contact;
  pipeline_stages: PipelineStage;
  opportunities: Opportunity;
  opportunity_stage_history: OpportunityStageHistory;
  activities: Activity;
  tasks: Task;
  comments: Comment;
  notifications: Notification;
  scoring_models: ScoringModel;
  sales_documents: SalesDocument;
  sales_document_lines: SalesDocumentLine;
};
export type SyncRowOf<T extends SyncTable> = SyncRowTypes[T];

/** Tables local search covers (an in-memory index of folded words). */
export const SEARCH_TABLES = ['companies', 'contacts'] as const satisfies readonly SyncTable[];
export type SearchTable = (typeof SEARCH_TABLES)[number];

export function isSearchTable(table: SyncTable): table is SearchTable {
  return table === 'companies' || table === 'contacts';
}

export type SearchSpec = {
  /** Folded words of a row (" garage centre 0612345678"), stored with it as `_search`. */
  readonly buildText: (row: Record<string, unknown>) => string;
  /** The folded name results are ranked by. */
  readonly buildRankName: (row: Record<string, unknown>) => string;
};

/**
 * Local search of the searched tables (contacts also match on their company's name: search.ts).
 * Other tables carry no `_search` and cost no per-row work when pulled.
 */
export const SEARCH_SPECS: Readonly<Record<SearchTable, SearchSpec>> = {
  companies: { buildText: buildCompanySearchText, buildRankName: buildCompanyRankName },
  contacts: { buildText: buildContactSearchText, buildRankName: buildContactRankName },
};

type Schema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export type SyncTableSpec = {
  /** Fields a client may send (the server refuses any other with `unknown_field`). */
  readonly writableFields: readonly string[];
  /** Validates and normalises a create; null: clients may not create rows of this table. */
  readonly createSchema: Schema | null;
  /** Fields an update may change (a subset of writableFields: a comment's record is fixed). */
  readonly updatableFields: readonly string[];
  /** Validates an update (only the changed fields); null: clients may not update them. */
  readonly updateSchema: Schema | null;
  /** Whether a client may delete rows of this table. */
  readonly canDelete: boolean;
  /**
   * Columns a locally created row shows before the server's version arrives: the database
   * defaults, and null for server-set columns (closed_at, score, last_contacted_at…).
   */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * Columns the server fills with the caller's id when a create omits them (owner_id,
   * assignee_id). A writable one is sent explicitly (same outcome); the others are only shown.
   */
  readonly callerDefaultFields: readonly string[];
  /**
   * Columns the server sets to its clock on insert (stage_entered_at): the local row shows the
   * device's clock until the server's version arrives.
   */
  readonly insertTimestampFields: readonly string[];
  /**
   * Fields whose every change the server records (an opportunity's stage → stage history and a
   * stage_change activity): an update changing one stays its own outbox entry, never merged into
   * an earlier unsent one, so a stage moved offline reaches the server as a move, not as a
   * different starting stage.
   */
  readonly eventFields: readonly string[];
};

const SCORE_COLUMNS = { score: null, score_explanation: null, scored_at: null } as const;

const asSchema = (schema: z.ZodType) => schema as unknown as Schema;

export const SYNC_REGISTRY: Readonly<Record<SyncTable, SyncTableSpec>> = {
  companies: {
    writableFields: COMPANY_WRITABLE_FIELDS,
    updatableFields: COMPANY_WRITABLE_FIELDS,
    createSchema: asSchema(companyCreateSchema),
    updateSchema: asSchema(companyUpdateSchema),
    canDelete: true,
    defaults: COMPANY_DEFAULTS,
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  contacts: {
    writableFields: CONTACT_WRITABLE_FIELDS,
    updatableFields: CONTACT_WRITABLE_FIELDS,
    createSchema: asSchema(contactCreateSchema),
    updateSchema: asSchema(contactUpdateSchema),
    canDelete: true,
    // consent_marketing_at, last_contacted_at and the score columns are set by the server only.
    defaults: { ...CONTACT_DEFAULTS, consent_marketing_at: null, last_contacted_at: null, ...SCORE_COLUMNS },
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  pipeline_stages: {
    writableFields: PIPELINE_STAGE_WRITABLE_FIELDS,
    updatableFields: PIPELINE_STAGE_WRITABLE_FIELDS,
    createSchema: asSchema(pipelineStageCreateSchema),
    updateSchema: asSchema(pipelineStageUpdateSchema),
    canDelete: true,
    defaults: PIPELINE_STAGE_DEFAULTS,
    callerDefaultFields: [],
    insertTimestampFields: [],
    eventFields: [],
  },
  opportunities: {
    writableFields: OPPORTUNITY_WRITABLE_FIELDS,
    updatableFields: OPPORTUNITY_WRITABLE_FIELDS,
    createSchema: asSchema(opportunityCreateSchema),
    updateSchema: asSchema(opportunityUpdateSchema),
    canDelete: true,
    defaults: { ...OPPORTUNITY_DEFAULTS, ...OPPORTUNITY_SERVER_DEFAULTS },
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: ['stage_entered_at'],
    eventFields: ['stage_id'],
  },
  // Written only by the server's trigger on opportunity inserts and stage changes.
  opportunity_stage_history: {
    writableFields: [],
    updatableFields: [],
    createSchema: null,
    updateSchema: null,
    canDelete: false,
    defaults: {},
    callerDefaultFields: [],
    insertTimestampFields: [],
    eventFields: [],
  },
  activities: {
    writableFields: ACTIVITY_WRITABLE_FIELDS,
    updatableFields: ACTIVITY_WRITABLE_FIELDS,
    createSchema: asSchema(activityCreateSchema),
    updateSchema: asSchema(activityUpdateSchema),
    canDelete: true,
    defaults: { ...ACTIVITY_DEFAULTS, ...ACTIVITY_SERVER_DEFAULTS },
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  tasks: {
    writableFields: TASK_WRITABLE_FIELDS,
    updatableFields: TASK_WRITABLE_FIELDS,
    createSchema: asSchema(taskCreateSchema),
    updateSchema: asSchema(taskUpdateSchema),
    canDelete: true,
    defaults: { ...TASK_DEFAULTS, ...TASK_SERVER_DEFAULTS },
    callerDefaultFields: ['owner_id', 'assignee_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  comments: {
    writableFields: COMMENT_WRITABLE_FIELDS,
    updatableFields: ['body', 'mentions'],
    createSchema: asSchema(commentCreateSchema),
    updateSchema: asSchema(commentUpdateSchema),
    canDelete: true,
    defaults: { ...COMMENT_DEFAULTS, owner_id: null },
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  // Inserted only by server triggers; the recipient may only mark them read.
  notifications: {
    writableFields: NOTIFICATION_WRITABLE_FIELDS,
    updatableFields: ['read_at'],
    createSchema: null,
    updateSchema: asSchema(notificationUpdateSchema),
    canDelete: false,
    defaults: NOTIFICATION_DEFAULTS,
    callerDefaultFields: [],
    insertTimestampFields: [],
    eventFields: [],
  },
  scoring_models: {
    writableFields: SCORING_MODEL_WRITABLE_FIELDS,
    updatableFields: ['weights'],
    createSchema: asSchema(scoringModelCreateSchema),
    updateSchema: asSchema(scoringModelUpdateSchema),
    canDelete: true,
    defaults: SCORING_MODEL_DEFAULTS,
    callerDefaultFields: [],
    insertTimestampFields: [],
    eventFields: [],
  },
  // Drafts are written offline like any row; finalisation is an RPC (public.finalise_document),
  // never a synced write: the update schema refuses status 'finalised'. What the registry cannot
  // say per row: a finalised document (and its lines) refuses every later update and delete on
  // the server, so such a write queued offline comes back as a rejection (needs attention).
  sales_documents: {
    writableFields: SALES_DOCUMENT_WRITABLE_FIELDS,
    // The kind is fixed at creation (the server keeps the old value silently).
    updatableFields: SALES_DOCUMENT_WRITABLE_FIELDS.filter((field) => field !== 'kind'),
    createSchema: asSchema(salesDocumentCreateSchema),
    updateSchema: asSchema(salesDocumentUpdateSchema),
    canDelete: true,
    // Number, totals, seller and finalisation columns are null until finalise_document; payments
    // start unpaid.
    defaults: { ...SALES_DOCUMENT_DEFAULTS, ...SALES_DOCUMENT_SERVER_DEFAULTS },
    callerDefaultFields: ['owner_id'],
    insertTimestampFields: [],
    eventFields: [],
  },
  sales_document_lines: {
    writableFields: SALES_DOCUMENT_LINE_WRITABLE_FIELDS,
    // A line stays on its document (the server keeps the old document_id silently).
    updatableFields: SALES_DOCUMENT_LINE_WRITABLE_FIELDS.filter((field) => field !== 'document_id'),
    createSchema: asSchema(salesDocumentLineCreateSchema),
    updateSchema: asSchema(salesDocumentLineUpdateSchema),
    canDelete: true,
    defaults: SALES_DOCUMENT_LINE_DEFAULTS,
    callerDefaultFields: [],
    insertTimestampFields: [],
    eventFields: [],
  },
};

export function getTableSpec(table: SyncTable): SyncTableSpec {
  return SYNC_REGISTRY[table];
}

/** Tables a client may write at least one way (the others are read-only replicas). */
export const WRITABLE_SYNC_TABLES = SYNC_TABLES.filter((table) => {
  const spec = SYNC_REGISTRY[table];
  return spec.createSchema !== null || spec.updateSchema !== null || spec.canDelete;
});
