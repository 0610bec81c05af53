/**
 * From replicated rows to scores: the one derivation used by the web (live, offline, over the
 * Dexie replica) and by the scoring edge function (over public.scoring_inputs), so both compute
 * the same number for the same rows and the same `now`. Row types are structural (the fields read
 * here), so the full rows of shared/sales and shared/crm fit.
 */
import {
  effectiveProbability,
  timeInStages,
  type PipelineOpportunityLike,
  type PipelineStageLike,
  type StageHistoryLike,
} from '../pipeline/pipeline.ts';
import {
  scoreContact,
  scoreOpportunity,
  type ContactScoreInput,
  type OpportunityScoreInput,
  type ScoreResult,
} from './score.ts';
import type { ScoringWeights } from './weights.ts';

/** Activity kinds that count as an interaction with the client (notes and system entries do not). */
export const INTERACTION_KINDS: readonly string[] = ['call', 'email', 'meeting', 'visit'];
/** Completed stays a stage needs before its median is trusted as the typical age. */
export const MIN_STAGE_SAMPLES = 3;
const MS_PER_DAY = 86_400_000;

type Live = { readonly deleted_at?: string | null };

export type ScoringOpportunityRow = PipelineOpportunityLike & {
  readonly created_at?: string | null;
  /** Server-set; absent on a row created offline and not pushed yet (then created_at, else now). */
  readonly stage_entered_at?: string | null;
  readonly company_id: string | null;
  readonly contact_id: string | null;
  readonly expected_close_date: string | null;
  readonly next_step: string | null;
  readonly source: string | null;
};
export type ScoringActivityRow = Live & {
  readonly kind: string;
  readonly occurred_at: string;
  readonly contact_id: string | null;
  readonly opportunity_id: string | null;
};
export type ScoringCompanyRow = Live & {
  readonly id: string;
  readonly siret: string | null;
  readonly sector: string | null;
  readonly size: string | null;
};
export type ScoringContactRow = Live & {
  readonly id: string;
  readonly created_at?: string | null;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly mobile: string | null;
  readonly job_title: string | null;
  readonly company_id: string | null;
  readonly last_contacted_at: string | null;
};

export type ScoringRows = {
  readonly stages: readonly PipelineStageLike[];
  readonly opportunities: readonly ScoringOpportunityRow[];
  readonly activities: readonly ScoringActivityRow[];
  readonly history: readonly StageHistoryLike[];
  readonly companies: readonly ScoringCompanyRow[];
  readonly contacts: readonly ScoringContactRow[];
  /** Quote views per opportunity or contact id (not modelled yet: absent = 0). */
  readonly engagement?: ReadonlyMap<string, number>;
};

export type TenantStats = {
  readonly median_amount_cents: number | null;
  /** Median whole days of a completed stay per stage, for stages with MIN_STAGE_SAMPLES stays. */
  readonly typical_stage_days: ReadonlyMap<string, number>;
};

export type TenantScores = {
  readonly opportunities: ReadonlyMap<string, ScoreResult>;
  readonly contacts: ReadonlyMap<string, ScoreResult>;
};

const isFilled = (v: string | null | undefined): boolean => typeof v === 'string' && v.trim() !== '';
const countFilled = (values: readonly boolean[]): number => values.filter(Boolean).length;

/** The tenant's median amount (live opportunities with an amount) and typical days per stage. */
export function computeTenantStats(rows: Pick<ScoringRows, 'opportunities' | 'history'>, now: Date): TenantStats {
  const amounts = rows.opportunities
    .filter((o) => !o.deleted_at && o.amount_cents > 0)
    .map((o) => o.amount_cents)
    .sort((a, b) => a - b);
  const mid = Math.floor(amounts.length / 2);
  const median =
    amounts.length === 0
      ? null
      : amounts.length % 2 === 1
        ? (amounts[mid] ?? null)
        : Math.round(((amounts[mid - 1] ?? 0) + (amounts[mid] ?? 0)) / 2);
  const typical = new Map<string, number>();
  for (const average of timeInStages(rows.history, now).averages) {
    if (average.count >= MIN_STAGE_SAMPLES) {
      typical.set(average.stage_id, Math.max(1, Math.round(average.median_ms / MS_PER_DAY)));
    }
  }
  return { median_amount_cents: median, typical_stage_days: typical };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

type Indexes = {
  readonly stages: ReadonlyMap<string, PipelineStageLike>;
  readonly companies: ReadonlyMap<string, ScoringCompanyRow>;
  readonly contacts: ReadonlyMap<string, ScoringContactRow>;
  readonly byOpportunity: ReadonlyMap<string, ScoringActivityRow[]>;
  /** Interactions with a contact that name no opportunity. */
  readonly unlinkedByContact: ReadonlyMap<string, ScoringActivityRow[]>;
  readonly byContact: ReadonlyMap<string, ScoringActivityRow[]>;
};

function buildIndexes(rows: ScoringRows): Indexes {
  const interactions = rows.activities.filter((a) => !a.deleted_at && INTERACTION_KINDS.includes(a.kind));
  return {
    stages: new Map(rows.stages.filter((s) => !s.deleted_at).map((s) => [s.id, s])),
    companies: new Map(rows.companies.filter((c) => !c.deleted_at).map((c) => [c.id, c])),
    contacts: new Map(rows.contacts.filter((c) => !c.deleted_at).map((c) => [c.id, c])),
    byOpportunity: groupBy(interactions, (a) => a.opportunity_id),
    unlinkedByContact: groupBy(interactions, (a) => (a.opportunity_id === null ? a.contact_id : null)),
    byContact: groupBy(interactions, (a) => a.contact_id),
  };
}

function buildOpportunityInput(
  o: ScoringOpportunityRow,
  indexes: Indexes,
  stats: TenantStats,
  engagement: ReadonlyMap<string, number> | undefined,
  now: Date,
): OpportunityScoreInput {
  const stage = indexes.stages.get(o.stage_id);
  const company = o.company_id === null ? undefined : indexes.companies.get(o.company_id);
  const contact = o.contact_id === null ? undefined : indexes.contacts.get(o.contact_id);
  // A deal's interactions: those logged on it, and those with its contact that name no deal.
  const activities = [
    ...(indexes.byOpportunity.get(o.id) ?? []),
    ...(o.contact_id === null ? [] : (indexes.unlinkedByContact.get(o.contact_id) ?? [])),
  ];
  const createdAt = o.created_at ?? now.toISOString();
  return {
    stage_kind: stage?.kind ?? 'open',
    probability: effectiveProbability(o, stage),
    created_at: createdAt,
    stage_entered_at: o.stage_entered_at ?? createdAt,
    typical_stage_days: stats.typical_stage_days.get(o.stage_id) ?? null,
    amount_cents: o.amount_cents,
    median_amount_cents: stats.median_amount_cents,
    interaction_dates: activities.map((a) => a.occurred_at),
    engagement: engagement?.get(o.id) ?? 0,
    completeness: {
      filled: countFilled([
        o.company_id !== null,
        o.contact_id !== null,
        o.amount_cents > 0,
        isFilled(o.expected_close_date),
        isFilled(o.next_step),
        isFilled(o.source),
      ]),
      total: 6,
    },
    company_fit: {
      filled: countFilled([
        isFilled(company?.siret),
        isFilled(company?.sector),
        isFilled(company?.size),
        isFilled(contact?.email),
        isFilled(contact?.phone) || isFilled(contact?.mobile),
      ]),
      total: 5,
    },
  };
}

function buildContactInput(
  c: ScoringContactRow,
  indexes: Indexes,
  openByContact: ReadonlyMap<string, number>,
  engagement: ReadonlyMap<string, number> | undefined,
  now: Date,
): ContactScoreInput {
  const company = c.company_id === null ? undefined : indexes.companies.get(c.company_id);
  return {
    created_at: c.created_at ?? now.toISOString(),
    last_contacted_at: c.last_contacted_at,
    interaction_dates: (indexes.byContact.get(c.id) ?? []).map((a) => a.occurred_at),
    engagement: engagement?.get(c.id) ?? 0,
    open_opportunities: openByContact.get(c.id) ?? 0,
    completeness: {
      filled: countFilled([
        isFilled(c.first_name) || isFilled(c.last_name),
        isFilled(c.email),
        isFilled(c.phone) || isFilled(c.mobile),
        isFilled(c.job_title),
        c.company_id !== null,
      ]),
      total: 5,
    },
    company_fit: {
      filled: countFilled([isFilled(company?.siret), isFilled(company?.sector), isFilled(company?.size)]),
      total: 3,
    },
  };
}

/** Every live opportunity's score input (keyed by id), with the tenant's stats computed once. */
export function buildOpportunityScoreInputs(rows: ScoringRows, now: Date): Map<string, OpportunityScoreInput> {
  const indexes = buildIndexes(rows);
  const stats = computeTenantStats(rows, now);
  const out = new Map<string, OpportunityScoreInput>();
  for (const o of rows.opportunities) {
    if (!o.deleted_at) out.set(o.id, buildOpportunityInput(o, indexes, stats, rows.engagement, now));
  }
  return out;
}

/** Every live contact's score input (keyed by id). */
export function buildContactScoreInputs(rows: ScoringRows, now: Date): Map<string, ContactScoreInput> {
  const indexes = buildIndexes(rows);
  const openByContact = new Map<string, number>();
  for (const o of rows.opportunities) {
    if (o.deleted_at || o.contact_id === null) continue;
    if ((indexes.stages.get(o.stage_id)?.kind ?? 'open') !== 'open') continue;
    openByContact.set(o.contact_id, (openByContact.get(o.contact_id) ?? 0) + 1);
  }
  const out = new Map<string, ContactScoreInput>();
  for (const c of rows.contacts) {
    if (!c.deleted_at) out.set(c.id, buildContactInput(c, indexes, openByContact, rows.engagement, now));
  }
  return out;
}

/** Scores every live opportunity of a tenant from its rows. */
export function scoreOpportunities(
  rows: ScoringRows,
  weights: ScoringWeights['opportunity'],
  now: Date,
): Map<string, ScoreResult> {
  const out = new Map<string, ScoreResult>();
  for (const [id, input] of buildOpportunityScoreInputs(rows, now)) out.set(id, scoreOpportunity(input, weights, now));
  return out;
}

/** Scores every live contact of a tenant from its rows. */
export function scoreContacts(
  rows: ScoringRows,
  weights: ScoringWeights['contact'],
  now: Date,
): Map<string, ScoreResult> {
  const out = new Map<string, ScoreResult>();
  for (const [id, input] of buildContactScoreInputs(rows, now)) out.set(id, scoreContact(input, weights, now));
  return out;
}

/** Scores every live opportunity and contact of a tenant: what the server job writes and the web shows. */
export function computeTenantScores(rows: ScoringRows, weights: ScoringWeights, now: Date): TenantScores {
  return {
    opportunities: scoreOpportunities(rows, weights.opportunity, now),
    contacts: scoreContacts(rows, weights.contact, now),
  };
}
