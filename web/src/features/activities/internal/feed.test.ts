import { describe, expect, it } from 'vitest';
import type { Activity, Comment, Task } from '@shared/sales/index.ts';
import { buildFeedItems, filterFeedItems, type FeedLinks } from './feed.ts';

const BASE = { tenant_id: 't', created_at: '2026-11-22T08:00:00.000Z', updated_at: '2026-11-22T08:00:00.000Z' };

const activity = (id: string, fields: Partial<Activity>): Activity => ({
  ...BASE,
  id,
  kind: 'call',
  outcome: null,
  duration_minutes: null,
  occurred_at: '2026-11-22T09:00:00.000Z',
  subject: null,
  body: null,
  company_id: null,
  contact_id: null,
  opportunity_id: null,
  details: null,
  owner_id: 'lucas',
  ...fields,
});

const comment = (id: string, fields: Partial<Comment>): Comment => ({
  ...BASE,
  id,
  record_table: 'companies',
  record_id: 'acme',
  body: 'Relancer',
  mentions: [],
  owner_id: 'sophie',
  ...fields,
});

const task = (id: string, fields: Partial<Task>): Task => ({
  ...BASE,
  id,
  title: 'Devis',
  description: null,
  due_at: null,
  remind_at: null,
  priority: 'normal',
  status: 'todo',
  assignee_id: 'lucas',
  completed_at: null,
  company_id: null,
  contact_id: null,
  opportunity_id: null,
  owner_id: 'lucas',
  ...fields,
});

const LINKS: FeedLinks = {
  contactCompanies: new Map([['ines', 'acme']]),
  opportunityCompanies: new Map([['deal', 'globex']]),
};

const items = buildFeedItems(
  [
    activity('call-ines', { contact_id: 'ines', occurred_at: '2026-11-22T12:00:00.000Z' }),
    activity('stage-deal', { kind: 'stage_change', opportunity_id: 'deal', occurred_at: '2026-11-22T11:00:00.000Z' }),
  ],
  [comment('c1', { created_at: '2026-11-22T10:00:00.000Z' })],
  [task('t1', { status: 'done', completed_at: '2026-11-22T13:00:00.000Z', opportunity_id: 'deal' })],
);

describe('activity feed', () => {
  it('merges activities, comments and tasks (created and done) newest first', () => {
    expect(items.map((item) => item.key)).toEqual([
      'task-done:t1',
      'activity:call-ines',
      'activity:stage-deal',
      'comment:c1',
      'task:t1',
    ]);
  });

  it('filters by type', () => {
    const none = { kind: null, personId: null, companyId: null };
    expect(filterFeedItems(items, { ...none, kind: 'system' }, LINKS).map((i) => i.key)).toEqual([
      'activity:stage-deal',
    ]);
    expect(filterFeedItems(items, { ...none, kind: 'task' }, LINKS).map((i) => i.key)).toEqual([
      'task-done:t1',
      'task:t1',
    ]);
    expect(filterFeedItems(items, { ...none, kind: 'comment' }, LINKS).map((i) => i.key)).toEqual(['comment:c1']);
  });

  it('filters by person (author, or assignee for a finished task)', () => {
    const keys = filterFeedItems(items, { kind: null, personId: 'sophie', companyId: null }, LINKS).map((i) => i.key);
    expect(keys).toEqual(['comment:c1']);
  });

  it('filters by client through the contact or the opportunity', () => {
    const acme = filterFeedItems(items, { kind: null, personId: null, companyId: 'acme' }, LINKS).map((i) => i.key);
    expect(acme).toEqual(['activity:call-ines', 'comment:c1']);
    const globex = filterFeedItems(items, { kind: null, personId: null, companyId: 'globex' }, LINKS).map((i) => i.key);
    expect(globex).toEqual(['task-done:t1', 'activity:stage-deal', 'task:t1']);
  });
});
