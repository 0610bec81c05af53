/**
 * The V1 demo data (supabase/seed.sql, field sales section) is what the screens need and obeys
 * the same rules as data written through the app: every row passes the shared zod schemas, the
 * stage history ends in each opportunity's current stage, closed opportunities are closed,
 * activities cover the past 60 days, tasks are overdue, due today and done, and mentions have
 * their notifications.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityUpdateSchema,
  commentUpdateSchema,
  opportunityUpdateSchema,
  taskUpdateSchema,
  USER_ACTIVITY_KINDS,
} from '../../shared/sales/index.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const TENANTS = ['019a8f00-1000-7000-8000-000000000001', '019a8f00-2000-7000-8000-000000000001'];
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

/** Rows as the API returns them (dates as ISO strings, bigint as numbers). */
async function readRows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(t) as row from (${sql}) t`,
    params,
  );
  return rows.map((r) => r.row);
}

/** The writable fields of a row, in the shape the forms send (timestamps as ISO with offset). */
function pickFields(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((f) => {
      const value = row[f];
      return [
        f,
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value).toISOString() : value,
      ];
    }),
  );
}

describe.each(TENANTS)('tenant %s', (tenantId) => {
  it('has about forty valid opportunities over every stage, mostly owned by sales, some won and lost with reasons', async () => {
    const rows = await readRows(
      `select o.*, s.kind as stage_kind, s.key as stage_key, m.role as owner_role from public.opportunities o
         join public.pipeline_stages s on s.id = o.stage_id
         join public.memberships m on m.tenant_id = o.tenant_id and m.user_id = o.owner_id
        where o.tenant_id = $1`,
      [tenantId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r['stage_key'])).size).toBe(7);
    const bySales = rows.filter((r) => r['owner_role'] === 'sales').length;
    expect(bySales).toBeGreaterThan(rows.length / 2);
    for (const row of rows) {
      const parsed = opportunityUpdateSchema.safeParse(
        pickFields(row, [
          'title',
          'amount_cents',
          'currency',
          'stage_id',
          'probability',
          'expected_close_date',
          'source',
          'next_step',
          'loss_reason',
          'tags',
          'notes',
        ]),
      );
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(row['closed_at'] !== null, String(row['title'])).toBe(row['stage_kind'] !== 'open');
      if (row['stage_kind'] === 'lost') expect(row['loss_reason']).not.toBeNull();
    }
    const { rows: future } = await db.query<{ n: number }>(
      `select count(*)::integer as n from public.opportunities o join public.pipeline_stages s on s.id = o.stage_id
        where o.tenant_id = $1 and s.kind = 'open' and o.expected_close_date > current_date`,
      [tenantId],
    );
    expect(future[0]!.n).toBeGreaterThan(20);
  });

  it('has a stage history that starts with the creation and ends in the current stage', async () => {
    const { rows } = await db.query(
      `select o.id from public.opportunities o
        where o.tenant_id = $1 and (
          (select h.to_stage_id from public.opportunity_stage_history h where h.opportunity_id = o.id
            order by h.changed_at desc limit 1) is distinct from o.stage_id
          or (select h.from_stage_id from public.opportunity_stage_history h where h.opportunity_id = o.id
               order by h.changed_at limit 1) is not null
          or (select max(h.changed_at) from public.opportunity_stage_history h where h.opportunity_id = o.id)
               is distinct from o.stage_entered_at
          or (select count(*) from public.activities a where a.opportunity_id = o.id and a.kind in ('created', 'stage_change'))
               <> (select count(*) from public.opportunity_stage_history h where h.opportunity_id = o.id))`,
      [tenantId],
    );
    expect(rows).toEqual([]);
  });

  it('has 2–6 logged activities per opportunity and more on contacts, valid, over the past 60 days', async () => {
    const { rows: perOpportunity } = await db.query<{ min: number; max: number }>(
      `select min(n)::integer as min, max(n)::integer as max from (
         select count(a.id) as n from public.opportunities o
           left join public.activities a on a.opportunity_id = o.id and a.kind <> all (array['created', 'stage_change'])
          where o.tenant_id = $1 group by o.id) x`,
      [tenantId],
    );
    expect(perOpportunity[0]).toEqual({ min: 2, max: 6 });
    const rows = await readRows(
      `select * from public.activities where tenant_id = $1 and kind <> all (array['created', 'stage_change'])`,
      [tenantId],
    );
    expect(rows.filter((r) => r['opportunity_id'] === null).length).toBeGreaterThan(50);
    expect(new Set(rows.map((r) => r['kind']))).toEqual(new Set(USER_ACTIVITY_KINDS));
    const sixtyDaysAgo = Date.now() - 61 * 86_400_000;
    for (const row of rows) {
      const parsed = activityUpdateSchema.safeParse(
        pickFields(row, ['kind', 'outcome', 'duration_minutes', 'occurred_at', 'subject', 'body']),
      );
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const at = Date.parse(String(row['occurred_at']));
      expect(at).toBeGreaterThan(sixtyDaysAgo);
      expect(at).toBeLessThan(Date.now());
    }
    const { rows: stale } = await db.query(
      `select c.id from public.contacts c
        where c.tenant_id = $1 and c.last_contacted_at < (
          select max(a.occurred_at) from public.activities a
           where a.contact_id = c.id and a.kind in ('call', 'email', 'meeting', 'visit'))`,
      [tenantId],
    );
    expect(stale).toEqual([]);
  });

  it('has about thirty tasks: overdue, due today, upcoming and done', async () => {
    const rows = await readRows(
      `select t.*, t.due_at < now() and t.status <> 'done' as is_overdue,
              t.due_at::date = current_date as is_today
         from public.tasks t where t.tenant_id = $1`,
      [tenantId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((r) => r['is_overdue']).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r['is_today']).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r['status'] === 'done' && r['completed_at'] !== null).length).toBeGreaterThan(0);
    for (const row of rows) {
      const parsed = taskUpdateSchema.safeParse(
        pickFields(row, ['title', 'description', 'due_at', 'priority', 'status']),
      );
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('has comments with @mentions, each with its notification for the person mentioned', async () => {
    const rows = await readRows('select * from public.comments where tenant_id = $1', [tenantId]);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(commentUpdateSchema.safeParse(pickFields(row, ['body', 'mentions'])).success).toBe(true);
    }
    const { rows: missing } = await db.query(
      `select c.id from public.comments c cross join lateral unnest(c.mentions) m(user_id)
        where c.tenant_id = $1 and not exists (
          select 1 from public.notifications n
           where n.user_id = m.user_id and n.kind = 'mention' and n.record_id = c.record_id)`,
      [tenantId],
    );
    expect(missing).toEqual([]);
  });
});
