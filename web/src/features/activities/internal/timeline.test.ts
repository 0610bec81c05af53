import { describe, expect, it } from 'vitest';
import type { Activity } from '@shared/sales/index.ts';
import { filterActivities, groupByDay, mergeActivities } from './timeline.ts';

function makeActivity(id: string, fields: Partial<Activity>): Activity {
  return {
    id,
    tenant_id: 't',
    kind: 'call',
    outcome: null,
    duration_minutes: null,
    occurred_at: '2026-11-22T10:00:00.000Z',
    subject: null,
    body: null,
    company_id: null,
    contact_id: null,
    opportunity_id: null,
    details: null,
    owner_id: null,
    created_at: '2026-11-22T10:00:00.000Z',
    updated_at: '2026-11-22T10:00:00.000Z',
    ...fields,
  };
}

describe('timeline', () => {
  it('merges reads once per activity, newest first (ties by creation)', () => {
    const older = makeActivity('a', { occurred_at: '2026-11-20T10:00:00.000Z' });
    const newer = makeActivity('b', { occurred_at: '2026-11-22T10:00:00.000Z' });
    const sameTimeLater = makeActivity('c', { created_at: '2026-11-22T11:00:00.000Z' });
    expect(mergeActivities([older, newer], [newer, sameTimeLater]).map((row) => row.id)).toEqual(['c', 'b', 'a']);
  });

  it('filters by the selected chips, automatic entries together, nothing selected = all', () => {
    const rows = [
      makeActivity('call', { kind: 'call' }),
      makeActivity('note', { kind: 'note' }),
      makeActivity('created', { kind: 'created' }),
      makeActivity('stage', { kind: 'stage_change' }),
    ];
    expect(filterActivities(rows, new Set()).map((row) => row.id)).toEqual(['call', 'note', 'created', 'stage']);
    expect(filterActivities(rows, new Set(['system'] as const)).map((row) => row.id)).toEqual(['created', 'stage']);
    expect(filterActivities(rows, new Set(['call', 'note'] as const)).map((row) => row.id)).toEqual(['call', 'note']);
  });

  it('groups by the day in the company time zone', () => {
    const rows = [
      makeActivity('a', { occurred_at: '2026-11-21T23:30:00.000Z' }),
      makeActivity('b', { occurred_at: '2026-11-21T22:30:00.000Z' }),
    ];
    expect(groupByDay(rows, (row) => row.occurred_at, 'Europe/Paris').map((g) => [g.day, g.items.length])).toEqual([
      ['2026-11-22', 1],
      ['2026-11-21', 1],
    ]);
    expect(groupByDay(rows, (row) => row.occurred_at, 'UTC').map((g) => [g.day, g.items.length])).toEqual([
      ['2026-11-21', 2],
    ]);
  });
});
