import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STAGES,
  OPPORTUNITY_DEFAULTS,
  OPPORTUNITY_WRITABLE_FIELDS,
  activityCreateSchema,
  commentCreateSchema,
  isLossReasonMissing,
  opportunityCreateSchema,
  pipelineStageCreateSchema,
} from './index.ts';

const ID = '019a8f00-0000-7000-8000-000000000001';

describe('shared/sales schemas', () => {
  it('requires a loss reason in a lost stage only', () => {
    expect(isLossReasonMissing({ loss_reason: null }, { kind: 'lost' })).toBe(true);
    expect(isLossReasonMissing({ loss_reason: '  ' }, { kind: 'lost' })).toBe(true);
    expect(isLossReasonMissing({ loss_reason: 'Prix' }, { kind: 'lost' })).toBe(false);
    expect(isLossReasonMissing({ loss_reason: null }, { kind: 'won' })).toBe(false);
    expect(isLossReasonMissing({ loss_reason: null }, undefined)).toBe(false);
  });

  it('needs an activity to be about a company, a contact or an opportunity, and of a user kind', () => {
    const base = { kind: 'call', occurred_at: '2026-11-20T10:00:00Z' };
    expect(activityCreateSchema.safeParse(base).success).toBe(false);
    expect(activityCreateSchema.safeParse({ ...base, contact_id: ID }).success).toBe(true);
    expect(activityCreateSchema.safeParse({ ...base, kind: 'stage_change', contact_id: ID }).success).toBe(false);
  });

  it('needs a title and a stage for an opportunity, and keeps amounts in integer cents', () => {
    expect(opportunityCreateSchema.safeParse({ title: 'Pneus hiver' }).success).toBe(false);
    expect(opportunityCreateSchema.safeParse({ title: 'Pneus hiver', stage_id: ID, amount_cents: 12.5 }).success).toBe(
      false,
    );
    const parsed = opportunityCreateSchema.parse({ title: ' Pneus hiver ', stage_id: ID, currency: 'eur' });
    expect(parsed).toMatchObject({ title: 'Pneus hiver', currency: 'EUR' });
    expect(OPPORTUNITY_WRITABLE_FIELDS).not.toContain('closed_at');
    expect(OPPORTUNITY_DEFAULTS.amount_cents).toBe(0);
  });

  it('refuses duplicate mentions and more than twenty', () => {
    const base = { record_table: 'opportunities', record_id: ID, body: '@Claire' };
    expect(commentCreateSchema.safeParse({ ...base, mentions: [ID, ID] }).success).toBe(false);
    expect(commentCreateSchema.safeParse({ ...base, mentions: [ID] }).success).toBe(true);
  });

  it('names client stages and lists the seven defaults with their probabilities', () => {
    expect(pipelineStageCreateSchema.safeParse({ position: 7, probability: 30, kind: 'open' }).success).toBe(false);
    expect(DEFAULT_STAGES.map((s) => s.probability)).toEqual([10, 20, 40, 60, 80, 100, 0]);
  });
});
