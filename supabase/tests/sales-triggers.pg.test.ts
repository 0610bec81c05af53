/**
 * The server side of the sales tables (20261122110000_create_sales.sql): what the triggers write
 * on the caller's behalf (stage history, system activities, notifications, last_contacted_at,
 * completed_at, closed_at) and what API callers may not do (system activities, server columns,
 * links to rows they cannot read, a notification's other fields). Statements run as API actors
 * in rolled-back transactions, and what they changed is read back as the superuser inside the
 * same transaction (actThenRead).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../../shared/sales/index.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  addMember,
  asUser,
  createTeam,
  createUser,
  insertOpportunity,
  insertSalesRow,
  readStageId,
  type FixtureUser,
  type Team,
} from './support/fixtures.ts';
import { buildRowId, expectOk, insertCompany, insertContact, push } from './support/sync.ts';
import { actThenRead, commitAs, runAs } from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;
let otherTeam: Team;
let stages: Record<string, string>;
let companyId: string;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'sales-triggers' });
  otherTeam = await createTeam(db, { label: 'sales-triggers-other' });
  stages = {};
  for (const { key } of DEFAULT_STAGES) stages[key] = await readStageId(db, team.tenantId, key);
  companyId = await insertCompany(db, team.tenantId, { owner_id: team.members.sales.id });
});
afterAll(async () => {
  await db.end();
});

const sales = (): FixtureUser => team.members.sales;

/** An opportunity of the sales user, committed (its creation history and activity included). */
async function createOpportunity(fields: Record<string, unknown> = {}): Promise<string> {
  return insertOpportunity(db, team.tenantId, sales().id, { company_id: companyId, ...fields });
}

/** The constraint a statement run as the superuser violates (rolled back), or null. */
async function readViolatedConstraint(sql: string, params: unknown[]): Promise<string | null> {
  await db.query('begin');
  try {
    await db.query(sql, params);
    return null;
  } catch (error) {
    return (error as { constraint?: string }).constraint ?? null;
  } finally {
    await db.query('rollback');
  }
}

describe('default pipeline stages', () => {
  it('gives every new tenant the seven default stages, in order, with their probabilities', async () => {
    const { rows } = await db.query(
      `select key, name, position, probability, kind from public.pipeline_stages
        where tenant_id = $1 and deleted_at is null order by position`,
      [team.tenantId],
    );
    expect(rows).toEqual(DEFAULT_STAGES.map((s) => ({ ...s, name: null })));
  });

  it('keeps stage keys the server’s: a client-created stage has none', async () => {
    const id = buildRowId();
    const { result, read } = await actThenRead(
      db,
      asUser(team.members.admin),
      `insert into public.pipeline_stages (id, tenant_id, key, name, position, probability, kind)
       values ($1, $2, 'won', 'Signé', 9, 100, 'won')`,
      [id, team.tenantId],
      'select key, name from public.pipeline_stages where id = $1',
      [id],
    );
    expect(result.ok).toBe(true);
    expect(read).toEqual([{ key: null, name: 'Signé' }]);
  });

  it('refuses to delete a stage that still holds a live opportunity (stage_in_use)', async () => {
    const stageId = await insertSalesRow(db, 'pipeline_stages', team.tenantId, {
      name: 'Essai',
      position: 8,
      probability: 50,
      kind: 'open',
    });
    await createOpportunity({ stage_id: stageId });
    const result = await runAs(
      db,
      asUser(team.members.admin),
      'update public.pipeline_stages set deleted_at = now() where id = $1',
      [stageId],
    );
    expect(result).toMatchObject({ ok: false, code: 'PT409', message: 'stage_in_use' });
  });
});

describe('opportunity stage changes', () => {
  it('records the creation: a history row from no stage and a `created` system activity', async () => {
    const id = buildRowId();
    const { result, read } = await actThenRead<{ history: unknown; activity: unknown; entered: boolean }>(
      db,
      asUser(sales()),
      `insert into public.opportunities (id, tenant_id, title, stage_id, company_id, owner_id)
       values ($1, $2, 'Pneus hiver', $3, $4, $5)`,
      [id, team.tenantId, stages['prospect'], companyId, sales().id],
      `select (select jsonb_agg(jsonb_build_object('from', h.from_stage_id, 'to', h.to_stage_id, 'by', h.changed_by))
                 from public.opportunity_stage_history h where h.opportunity_id = $1) as history,
              (select jsonb_agg(jsonb_build_object('kind', a.kind, 'owner', a.owner_id, 'company', a.company_id))
                 from public.activities a where a.opportunity_id = $1) as activity,
              (select o.stage_entered_at = now() and o.owner_id = $2 from public.opportunities o where o.id = $1) as entered`,
      [id, sales().id],
    );
    expect(result.ok).toBe(true);
    expect(read[0]).toEqual({
      history: [{ from: null, to: stages['prospect'], by: sales().id }],
      activity: [{ kind: 'created', owner: sales().id, company: companyId }],
      entered: true,
    });
  });

  it('records a stage change: history, a stage_change activity with the stages, stage_entered_at', async () => {
    const id = await createOpportunity();
    const { result, read } = await actThenRead(
      db,
      asUser(sales()),
      'update public.opportunities set stage_id = $2 where id = $1',
      [id, stages['demo']],
      `select h.from_stage_id, h.to_stage_id, h.changed_by, h.changed_at = now() as is_now,
              a.kind, a.details, a.owner_id, o.stage_entered_at = now() as entered_now, o.closed_at
         from public.opportunity_stage_history h
         join public.opportunities o on o.id = h.opportunity_id
         join public.activities a on a.opportunity_id = o.id and a.kind = 'stage_change'
        where h.opportunity_id = $1 and h.from_stage_id is not null`,
      [id],
    );
    expect(result.ok).toBe(true);
    expect(read).toEqual([
      {
        from_stage_id: stages['prospect'],
        to_stage_id: stages['demo'],
        changed_by: sales().id,
        is_now: true,
        kind: 'stage_change',
        details: { from_stage_id: stages['prospect'], to_stage_id: stages['demo'] },
        owner_id: sales().id,
        entered_now: true,
        closed_at: null,
      },
    ]);
  });

  it('writes nothing to the history when the stage does not change', async () => {
    const id = await createOpportunity();
    const { read } = await actThenRead<{ n: number }>(
      db,
      asUser(sales()),
      `update public.opportunities set next_step = 'Envoyer le devis' where id = $1`,
      [id],
      'select count(*)::integer as n from public.opportunity_stage_history where opportunity_id = $1',
      [id],
    );
    expect(read).toEqual([{ n: 1 }]);
  });

  it('sets closed_at when the opportunity is won, and clears it when reopened', async () => {
    const id = await createOpportunity({ stage_id: stages['won'] });
    const { rows } = await db.query('select closed_at is not null as closed from public.opportunities where id = $1', [
      id,
    ]);
    expect(rows).toEqual([{ closed: true }]);
    const { read } = await actThenRead(
      db,
      asUser(sales()),
      'update public.opportunities set stage_id = $2 where id = $1',
      [id, stages['proposal']],
      'select closed_at from public.opportunities where id = $1',
      [id],
    );
    expect(read).toEqual([{ closed_at: null }]);
  });

  it('requires a loss reason in a lost stage (opportunities_loss_reason_check)', async () => {
    const id = await createOpportunity();
    const refused = await runAs(db, asUser(sales()), 'update public.opportunities set stage_id = $2 where id = $1', [
      id,
      stages['lost'],
    ]);
    expect(refused).toMatchObject({ ok: false, code: '23514' });
    const { read } = await actThenRead(
      db,
      asUser(sales()),
      `update public.opportunities set stage_id = $2, loss_reason = 'Budget reporté à 2027' where id = $1`,
      [id, stages['lost']],
      'select loss_reason, closed_at is not null as closed from public.opportunities where id = $1',
      [id],
    );
    expect(read).toEqual([{ loss_reason: 'Budget reporté à 2027', closed: true }]);
    const inserted = await runAs(
      db,
      asUser(sales()),
      `insert into public.opportunities (id, tenant_id, title, stage_id) values ($1, $2, 'Perdue', $3)`,
      [buildRowId(), team.tenantId, stages['lost']],
    );
    expect(inserted).toMatchObject({ ok: false, code: '23514' });
    // The constraint name is what sync_push reports as the field.
    const named = await readViolatedConstraint(
      `insert into public.opportunities (id, tenant_id, title, stage_id) values ($1, $2, 'Perdue', $3)`,
      [buildRowId(), team.tenantId, stages['lost']],
    );
    expect(named).toBe('opportunities_loss_reason_check');
  });

  it('refuses a stage of another tenant', async () => {
    const foreignStage = await readStageId(db, otherTeam.tenantId, 'prospect');
    const result = await runAs(
      db,
      asUser(sales()),
      `insert into public.opportunities (id, tenant_id, title, stage_id) values ($1, $2, 'Ailleurs', $3)`,
      [buildRowId(), team.tenantId, foreignStage],
    );
    expect(result).toMatchObject({ ok: false, code: '23503' });
  });

  it('tombstones the history with its opportunity', async () => {
    const id = await createOpportunity();
    const { read } = await actThenRead(
      db,
      asUser(sales()),
      'update public.opportunities set deleted_at = now() where id = $1',
      [id],
      'select deleted_at is not null as deleted from public.opportunity_stage_history where opportunity_id = $1',
      [id],
    );
    expect(read).toEqual([{ deleted: true }]);
  });
});

describe('what API callers may not write', () => {
  it('refuses a system activity from a client', async () => {
    for (const kind of ['stage_change', 'created']) {
      const result = await runAs(
        db,
        asUser(sales()),
        `insert into public.activities (id, tenant_id, kind, occurred_at, company_id) values ($1, $2, $3, now(), $4)`,
        [buildRowId(), team.tenantId, kind, companyId],
      );
      expect(result, kind).toMatchObject({ ok: false, code: '23514' });
    }
  });

  it('refuses to edit a system activity or turn an activity into one', async () => {
    const opportunityId = await createOpportunity();
    const { rows } = await db.query<{ id: string }>(
      `select id from public.activities where opportunity_id = $1 and kind = 'created'`,
      [opportunityId],
    );
    const edit = await runAs(db, asUser(team.members.owner), `update public.activities set body = 'x' where id = $1`, [
      rows[0]!.id,
    ]);
    expect(edit).toMatchObject({ ok: false, code: '23514' });
    const noteId = await insertSalesRow(db, 'activities', team.tenantId, {
      kind: 'note',
      occurred_at: new Date().toISOString(),
      company_id: companyId,
      owner_id: sales().id,
    });
    const turned = await runAs(db, asUser(sales()), `update public.activities set kind = 'created' where id = $1`, [
      noteId,
    ]);
    expect(turned).toMatchObject({ ok: false, code: '23514' });
    const deleted = await runAs(
      db,
      asUser(team.members.owner),
      'update public.activities set deleted_at = now() where id = $1',
      [rows[0]!.id],
    );
    expect(deleted).toMatchObject({ ok: true, rowCount: 1 });
  });

  it('needs an activity to be about something', async () => {
    const result = await runAs(
      db,
      asUser(sales()),
      `insert into public.activities (id, tenant_id, kind, occurred_at) values ($1, $2, 'note', now())`,
      [buildRowId(), team.tenantId],
    );
    expect(result).toMatchObject({ ok: false, code: '23514' });
  });

  it('ignores server columns written by a client (opportunities, contacts, activities, tasks)', async () => {
    const opportunityId = await createOpportunity();
    const { result, read } = await actThenRead(
      db,
      asUser(sales()),
      `update public.opportunities set score = 99, score_explanation = '{"forged": true}', scored_at = now(),
              closed_at = now(), stage_entered_at = '2020-01-01' where id = $1`,
      [opportunityId],
      `select score, score_explanation, scored_at, closed_at, stage_entered_at > '2020-01-02' as entered
         from public.opportunities where id = $1`,
      [opportunityId],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    expect(read).toEqual([{ score: null, score_explanation: null, scored_at: null, closed_at: null, entered: true }]);

    const contactId = await insertContact(db, team.tenantId, { owner_id: sales().id });
    const contact = await actThenRead(
      db,
      asUser(sales()),
      `update public.contacts set score = 99, score_explanation = '{}', scored_at = now(), last_contacted_at = now() where id = $1`,
      [contactId],
      'select score, score_explanation, scored_at, last_contacted_at from public.contacts where id = $1',
      [contactId],
    );
    expect(contact.read).toEqual([{ score: null, score_explanation: null, scored_at: null, last_contacted_at: null }]);

    const activityId = buildRowId();
    const activity = await actThenRead(
      db,
      asUser(sales()),
      `insert into public.activities (id, tenant_id, kind, occurred_at, company_id, details, owner_id)
       values ($1, $2, 'note', now(), $3, '{"forged": true}', $4)`,
      [activityId, team.tenantId, companyId, team.members.owner.id],
      'select details, owner_id from public.activities where id = $1',
      [activityId],
    );
    expect(activity.read).toEqual([{ details: null, owner_id: sales().id }]);

    const taskId = buildRowId();
    const task = await actThenRead(
      db,
      asUser(sales()),
      `insert into public.tasks (id, tenant_id, title, completed_at, owner_id) values ($1, $2, 'Relancer', now(), $3)`,
      [taskId, team.tenantId, team.members.owner.id],
      'select completed_at, owner_id, assignee_id from public.tasks where id = $1',
      [taskId],
    );
    expect(task.read).toEqual([{ completed_at: null, owner_id: sales().id, assignee_id: sales().id }]);
  });

  it('refuses a link to a record the caller cannot read', async () => {
    // Sales users read their own contacts only.
    const colleagueContact = await insertContact(db, team.tenantId, { owner_id: team.members.manager.id });
    const result = await runAs(
      db,
      asUser(sales()),
      `insert into public.activities (id, tenant_id, kind, occurred_at, contact_id) values ($1, $2, 'call', now(), $3)`,
      [buildRowId(), team.tenantId, colleagueContact],
    );
    expect(result).toMatchObject({ ok: false, code: '23503' });
    const comment = await runAs(
      db,
      asUser(sales()),
      `insert into public.comments (id, tenant_id, record_table, record_id, body) values ($1, $2, 'contacts', $3, 'Vu')`,
      [buildRowId(), team.tenantId, colleagueContact],
    );
    expect(comment).toMatchObject({ ok: false, code: '23503' });
  });

  it('lets nobody write the stage history or create a notification', async () => {
    const opportunityId = await createOpportunity();
    const history = await runAs(
      db,
      asUser(team.members.owner),
      `insert into public.opportunity_stage_history (tenant_id, opportunity_id, to_stage_id) values ($1, $2, $3)`,
      [team.tenantId, opportunityId, stages['won']],
    );
    expect(history).toMatchObject({ ok: false, code: '42501' });
    const notification = await runAs(
      db,
      asUser(team.members.owner),
      `insert into public.notifications (tenant_id, user_id, kind, record_table, record_id) values ($1, $2, 'mention', 'companies', $3)`,
      [team.tenantId, sales().id, companyId],
    );
    expect(notification).toMatchObject({ ok: false, code: '42501' });
  });
});

describe('tasks', () => {
  it('sets completed_at when a task is done and clears it when reopened', async () => {
    const taskId = await insertSalesRow(db, 'tasks', team.tenantId, {
      title: 'Envoyer le devis',
      owner_id: sales().id,
      assignee_id: sales().id,
    });
    const done = await actThenRead(
      db,
      asUser(sales()),
      `update public.tasks set status = 'done' where id = $1`,
      [taskId],
      'select completed_at = now() as is_now from public.tasks where id = $1',
      [taskId],
    );
    expect(done.read).toEqual([{ is_now: true }]);
    await db.query(`update public.tasks set status = 'done' where id = $1`, [taskId]);
    const reopened = await actThenRead(
      db,
      asUser(sales()),
      `update public.tasks set status = 'in_progress' where id = $1`,
      [taskId],
      'select completed_at from public.tasks where id = $1',
      [taskId],
    );
    expect(reopened.read).toEqual([{ completed_at: null }]);
  });

  it('notifies the assignee of a task assigned by someone else, not one assigned to oneself', async () => {
    const taskId = buildRowId();
    const { read } = await actThenRead(
      db,
      asUser(team.members.manager),
      `insert into public.tasks (id, tenant_id, title, assignee_id) values ($1, $2, 'Appeler le garage Martin', $3)`,
      [taskId, team.tenantId, sales().id],
      'select user_id, kind, record_table, actor_id, excerpt from public.notifications where record_id = $1',
      [taskId],
    );
    expect(read).toEqual([
      {
        user_id: sales().id,
        kind: 'task_assigned',
        record_table: 'tasks',
        actor_id: team.members.manager.id,
        excerpt: 'Appeler le garage Martin',
      },
    ]);
    const ownTaskId = buildRowId();
    const own = await actThenRead(
      db,
      asUser(sales()),
      `insert into public.tasks (id, tenant_id, title) values ($1, $2, 'Pour moi')`,
      [ownTaskId, team.tenantId],
      'select count(*)::integer as n from public.notifications where record_id = $1',
      [ownTaskId],
    );
    expect(own.read).toEqual([{ n: 0 }]);
  });

  it('refuses an assignee who is not an active member of the tenant', async () => {
    const result = await runAs(
      db,
      asUser(team.members.manager),
      `insert into public.tasks (id, tenant_id, title, assignee_id) values ($1, $2, 'Ailleurs', $3)`,
      [buildRowId(), team.tenantId, otherTeam.members.sales.id],
    );
    expect(result).toMatchObject({ ok: false, code: '23514' });
  });
});

describe('mentions', () => {
  it('notifies mentioned active staff members only: never the author, a suspended member, a client or an outsider', async () => {
    const suspended = await createUser(db, { label: 'mention-suspended' });
    await addMember(db, team.tenantId, suspended.id, 'sales', 'suspended');
    const commentId = buildRowId();
    const mentions = [
      team.members.admin.id,
      team.members.technician.id,
      sales().id,
      suspended.id,
      team.members.client.id,
      otherTeam.members.owner.id,
    ];
    const { result, read } = await actThenRead<{ user_id: string }>(
      db,
      asUser(sales()),
      `insert into public.comments (id, tenant_id, record_table, record_id, body, mentions)
       values ($1, $2, 'companies', $3, '@Claire peux-tu valider la remise flotte ?', $4)`,
      [commentId, team.tenantId, companyId, mentions],
      `select user_id, kind, record_table, record_id, actor_id, excerpt, tenant_id from public.notifications
        where actor_id = $1 and record_id = $2 and kind = 'mention' order by user_id`,
      [sales().id, companyId],
    );
    expect(result.ok).toBe(true);
    const expected = [team.members.admin.id, team.members.technician.id].sort().map((userId) => ({
      user_id: userId,
      kind: 'mention',
      record_table: 'companies',
      record_id: companyId,
      actor_id: sales().id,
      excerpt: '@Claire peux-tu valider la remise flotte ?',
      tenant_id: team.tenantId,
    }));
    expect(read).toEqual(expected);
  });

  it('notifies only people newly mentioned when a comment is edited', async () => {
    const commentId = await insertSalesRow(db, 'comments', team.tenantId, {
      record_table: 'companies',
      record_id: companyId,
      body: 'Premier jet',
      mentions: [team.members.admin.id],
      owner_id: sales().id,
    });
    const { read } = await actThenRead<{ user_id: string }>(
      db,
      asUser(sales()),
      `update public.comments set mentions = $2, body = 'Version revue' where id = $1`,
      [commentId, [team.members.admin.id, team.members.manager.id]],
      `select user_id from public.notifications where record_id = $1 and kind = 'mention' and excerpt = 'Version revue'`,
      [companyId],
    );
    expect(read).toEqual([{ user_id: team.members.manager.id }]);
  });
});

describe('notifications', () => {
  it('lets the recipient change read_at only', async () => {
    const id = await insertSalesRow(db, 'notifications', team.tenantId, {
      user_id: sales().id,
      kind: 'mention',
      record_table: 'companies',
      record_id: companyId,
      excerpt: 'Original',
    });
    const { result, read } = await actThenRead(
      db,
      asUser(sales()),
      `update public.notifications set read_at = now(), excerpt = 'Forged', kind = 'task_assigned',
              user_id = $2, record_id = $3 where id = $1`,
      [id, team.members.owner.id, buildRowId()],
      'select read_at is not null as is_read, excerpt, kind, user_id, record_id from public.notifications where id = $1',
      [id],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    expect(read).toEqual([
      { is_read: true, excerpt: 'Original', kind: 'mention', user_id: sales().id, record_id: companyId },
    ]);
    const other = await runAs(
      db,
      asUser(team.members.owner),
      'update public.notifications set read_at = now() where id = $1',
      [id],
    );
    expect(other).toMatchObject({ ok: true, rowCount: 0 });
  });
});

describe('last_contacted_at', () => {
  it('follows past calls, e-mails, meetings and visits on the contact, not notes or future meetings', async () => {
    const contactId = await insertContact(db, team.tenantId, { owner_id: sales().id });
    const insertActivity = (kind: string, when: string) =>
      actThenRead<{ last: string | null }>(
        db,
        asUser(sales()),
        `insert into public.activities (id, tenant_id, kind, occurred_at, contact_id) values ($1, $2, $3, $4, $5)`,
        [buildRowId(), team.tenantId, kind, when, contactId],
        `select to_char(last_contacted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as last
           from public.contacts where id = $1`,
        [contactId],
      );
    for (const kind of ['call', 'email', 'meeting', 'visit']) {
      const { read } = await insertActivity(kind, '2026-11-01T09:30:00Z');
      expect(read, kind).toEqual([{ last: '2026-11-01T09:30:00' }]);
    }
    expect((await insertActivity('note', '2026-11-01T09:30:00Z')).read).toEqual([{ last: null }]);
    expect((await insertActivity('meeting', '2999-01-01T09:00:00Z')).read).toEqual([{ last: null }]);
  });

  it('never moves back in time', async () => {
    const contactId = await insertContact(db, team.tenantId, { owner_id: sales().id });
    await commitAs(
      db,
      asUser(sales()),
      `insert into public.activities (id, tenant_id, kind, occurred_at, contact_id) values ($1, $2, 'call', '2026-11-10T10:00:00Z', $3)`,
      [buildRowId(), team.tenantId, contactId],
    );
    const { read } = await actThenRead(
      db,
      asUser(sales()),
      `insert into public.activities (id, tenant_id, kind, occurred_at, contact_id) values ($1, $2, 'email', '2026-10-01T10:00:00Z', $3)`,
      [buildRowId(), team.tenantId, contactId],
      `select last_contacted_at = '2026-11-10T10:00:00Z' as kept from public.contacts where id = $1`,
      [contactId],
    );
    expect(read).toEqual([{ kept: true }]);
  });
});

describe('through sync_push', () => {
  it('names the offending field of a rejected mutation: loss_reason, kind', async () => {
    const response = expectOk(
      await push(db, asUser(sales()), randomUUID(), team.tenantId, [
        {
          mutation_id: 1,
          table: 'opportunities',
          op: 'insert',
          id: buildRowId(),
          fields: { title: 'Perdue sans raison', stage_id: stages['lost'] },
        },
        {
          mutation_id: 2,
          table: 'activities',
          op: 'insert',
          id: buildRowId(),
          fields: { kind: 'stage_change', occurred_at: new Date().toISOString(), company_id: companyId },
        },
        {
          mutation_id: 3,
          table: 'opportunity_stage_history',
          op: 'insert',
          id: buildRowId(),
          fields: {},
        },
      ]),
    );
    expect(response.results.slice(0, 2)).toEqual([
      { mutation_id: 1, status: 'rejected', code: 'invalid', fields: ['loss_reason'] },
      { mutation_id: 2, status: 'rejected', code: 'invalid', fields: ['kind'] },
    ]);
    // Clients write nothing in the stage history (the engine's rejection code is its own business).
    expect(response.results[2]).toMatchObject({ mutation_id: 3, status: 'rejected' });
  });

  it('applies an offline session: an opportunity moved along, a task for oneself, a notification read', async () => {
    const opportunityId = buildRowId();
    const taskId = buildRowId();
    const notificationId = await insertSalesRow(db, 'notifications', team.tenantId, {
      user_id: sales().id,
      kind: 'task_assigned',
      record_table: 'tasks',
      record_id: taskId,
    });
    const response = expectOk(
      await push(db, asUser(sales()), randomUUID(), team.tenantId, [
        {
          mutation_id: 1,
          table: 'opportunities',
          op: 'insert',
          id: opportunityId,
          fields: { title: 'Contrat utilitaires', stage_id: stages['prospect'], amount_cents: 1_250_000 },
        },
        {
          mutation_id: 2,
          table: 'opportunities',
          op: 'update',
          id: opportunityId,
          fields: { stage_id: stages['demo'] },
        },
        { mutation_id: 3, table: 'tasks', op: 'insert', id: taskId, fields: { title: 'Préparer la démo' } },
        {
          mutation_id: 4,
          table: 'notifications',
          op: 'update',
          id: notificationId,
          fields: { read_at: new Date().toISOString() },
        },
        { mutation_id: 5, table: 'notifications', op: 'update', id: notificationId, fields: { excerpt: 'Forged' } },
      ]),
    );
    expect(response.results).toEqual([
      { mutation_id: 1, status: 'applied' },
      { mutation_id: 2, status: 'applied' },
      { mutation_id: 3, status: 'applied' },
      { mutation_id: 4, status: 'applied' },
      { mutation_id: 5, status: 'rejected', code: 'unknown_field', fields: ['excerpt'] },
    ]);
    const { rows } = await db.query(
      `select (select owner_id from public.opportunities where id = $1) as owner_id,
              (select count(*)::integer from public.opportunity_stage_history where opportunity_id = $1) as entries,
              (select assignee_id from public.tasks where id = $2) as assignee_id,
              (select read_at is not null from public.notifications where id = $3) as is_read`,
      [opportunityId, taskId, notificationId],
    );
    expect(rows).toEqual([{ owner_id: sales().id, entries: 2, assignee_id: sales().id, is_read: true }]);
  });
});
