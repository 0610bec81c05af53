/**
 * The opportunity form's draft: what the inputs hold (text), and the fields a write sends (the
 * shared schema normalises them: trimmed, '' → null). The amount is typed in euros and sent in
 * integer cents; a probability left empty means "the stage's".
 */
import { OPPORTUNITY_DEFAULTS, type Opportunity, type OpportunitySource } from '@shared/sales/index.ts';
import { formatEurosInput, parseEurosToCents } from './format.ts';

export type OpportunityDraft = {
  title: string;
  company_id: string;
  contact_id: string;
  amount: string;
  currency: string;
  stage_id: string;
  probability: string;
  expected_close_date: string;
  owner_id: string;
  source: OpportunitySource | '';
  next_step: string;
  loss_reason: string;
  tags: string;
  notes: string;
};

/** Order of the form's fields (the first with a problem gets the focus). */
export const DRAFT_FIELD_ORDER = [
  'title',
  'company_id',
  'contact_id',
  'amount_cents',
  'stage_id',
  'loss_reason',
  'probability',
  'expected_close_date',
  'owner_id',
  'source',
  'next_step',
  'tags',
  'notes',
] as const;

function splitTags(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** An opportunity's form values (a new one: the defaults, owned by the user, in `stageId`). */
export function toOpportunityDraft(row: Opportunity | null, userId: string, stageId: string): OpportunityDraft {
  const source = row ?? { ...OPPORTUNITY_DEFAULTS, title: '', stage_id: stageId, owner_id: userId };
  return {
    title: source.title,
    company_id: source.company_id ?? '',
    contact_id: source.contact_id ?? '',
    amount: formatEurosInput(source.amount_cents),
    currency: source.currency,
    stage_id: source.stage_id,
    probability: source.probability === null ? '' : String(source.probability),
    expected_close_date: source.expected_close_date ?? '',
    owner_id: source.owner_id ?? '',
    source: source.source ?? '',
    next_step: source.next_step ?? '',
    loss_reason: source.loss_reason ?? '',
    tags: source.tags.join(', '),
    notes: source.notes ?? '',
  };
}

/** '' → null, "40" → 40; anything else stays text so the schema reports it. */
function parseProbability(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The fields of an opportunity write, before the schema normalises them. */
export function toOpportunityFields(draft: OpportunityDraft): Record<string, unknown> {
  const cents = parseEurosToCents(draft.amount);
  return {
    title: draft.title,
    company_id: draft.company_id || null,
    contact_id: draft.contact_id || null,
    // Not an amount: a value the schema refuses (shown as "Montant invalide").
    amount_cents: cents ?? draft.amount,
    currency: draft.currency,
    stage_id: draft.stage_id,
    probability: parseProbability(draft.probability),
    expected_close_date: draft.expected_close_date || null,
    owner_id: draft.owner_id || null,
    source: draft.source || null,
    next_step: draft.next_step,
    loss_reason: draft.loss_reason,
    tags: splitTags(draft.tags),
    notes: draft.notes,
  };
}

/** Only the fields whose normalised value differs from the stored row (an update sends these). */
export function listChangedFields(next: Record<string, unknown>, row: Opportunity): Record<string, unknown> {
  const stored = row as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(stored[field] ?? null)),
  );
}
