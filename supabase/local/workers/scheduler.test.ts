/**
 * pg_cron conformance (subset spec §6.5, §6.6 case 9): schedules parse as pg_cron parses them,
 * jobs run on time as their owner and are logged in cron.job_run_details, a failing job is
 * recorded and harms nothing, and cron.unschedule stops a job for good.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';
import { computeNextRun, parseSchedule } from './scheduler.ts';

const stack = getStack();

type RunRow = { runid: string; status: string; return_message: string | null; username: string };

let db: pg.Client;
const scheduled: string[] = [];

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
});

afterAll(async () => {
  for (const name of scheduled) {
    await db.query('select cron.unschedule(jobname) from cron.job where jobname = $1', [name]);
  }
  await db.end();
});

function uniqueName(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

async function schedule(name: string, when: string, command: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select cron.schedule($1, $2, $3)::text as id', [
    name,
    when,
    command,
  ]);
  scheduled.push(name);
  return rows[0]?.id ?? '';
}

async function listRuns(jobId: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `select runid::text, status, return_message, username from cron.job_run_details where jobid = $1 order by runid`,
    [jobId],
  );
  return rows;
}

/** Polls until `probe` returns a value; fails the test after `timeoutMs`. */
async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function waitForFinishedRuns(jobId: string, count: number): Promise<RunRow[]> {
  return waitFor(async () => {
    const finished = (await listRuns(jobId)).filter((run) => run.status === 'succeeded' || run.status === 'failed');
    return finished.length >= count ? finished : undefined;
  }, `${count} finished run(s) of job ${jobId}`);
}

describe('schedules', () => {
  it('accepts 5-field cron, macros and 1–59 seconds', () => {
    expect(parseSchedule('*/5 * * * *')).toEqual({ kind: 'cron', expression: '*/5 * * * *' });
    expect(parseSchedule('@hourly')).toEqual({ kind: 'cron', expression: '0 * * * *' });
    expect(parseSchedule('@daily')).toEqual({ kind: 'cron', expression: '0 0 * * *' });
    expect(parseSchedule('@reboot')).toEqual({ kind: 'reboot' });
    expect(parseSchedule('2 seconds')).toEqual({ kind: 'interval', seconds: 2 });
    expect(parseSchedule('59 seconds')).toEqual({ kind: 'interval', seconds: 59 });
    expect(parseSchedule('0 0 $ * *')).toEqual({ kind: 'cron', expression: '0 0 L * *' });
  });

  it('rejects what pg_cron rejects', () => {
    for (const text of ['0 seconds', '60 seconds', '* * * *', '0 * * * * *', 'every day', '61 * * * *', '']) {
      expect(parseSchedule(text), text).toBeUndefined();
    }
  });

  it('computes the next run in UTC', () => {
    const at = Date.parse('2026-03-10T08:07:30Z');
    expect(new Date(computeNextRun({ kind: 'cron', expression: '*/5 * * * *' }, at)).toISOString()).toBe(
      '2026-03-10T08:10:00.000Z',
    );
    expect(new Date(computeNextRun({ kind: 'cron', expression: '0 3 * * *' }, at)).toISOString()).toBe(
      '2026-03-11T03:00:00.000Z',
    );
    expect(computeNextRun({ kind: 'interval', seconds: 2 }, at)).toBe(at + 2000);
    expect(computeNextRun({ kind: 'reboot' }, at)).toBe(Number.POSITIVE_INFINITY);
  });

  it('makes cron.schedule refuse an invalid schedule', async () => {
    await expect(db.query(`select cron.schedule('t-invalid', '60 seconds', 'select 1')`)).rejects.toThrow(
      'invalid schedule',
    );
  });
});

describe('running jobs', () => {
  it('runs a job as its owner and logs the command tag', async () => {
    const tag = uniqueName('owner');
    const jobId = await schedule(
      uniqueName('t-owner'),
      '1 seconds',
      `insert into public.t_cron_runs (tag) values ('${tag}')`,
    );
    const [run] = await waitForFinishedRuns(jobId, 1);
    expect(run).toMatchObject({ status: 'succeeded', return_message: 'INSERT 0 1', username: 'postgres' });
    const { rows } = await db.query<{ run_as: string }>(
      'select run_as from public.t_cron_runs where tag = $1 limit 1',
      [tag],
    );
    expect(rows[0]?.run_as).toBe('postgres');
  });

  it('logs "1 row" for a query, as pg_cron does', async () => {
    const jobId = await schedule(uniqueName('t-select'), '1 seconds', 'select 1');
    const [run] = await waitForFinishedRuns(jobId, 1);
    expect(run).toMatchObject({ status: 'succeeded', return_message: '1 row' });
  });

  it('records a failing job as failed with the error, and keeps running it', async () => {
    const jobId = await schedule(uniqueName('t-fail'), '1 seconds', 'select 1 / 0');
    const runs = await waitForFinishedRuns(jobId, 2);
    for (const run of runs.slice(0, 2)) {
      expect(run.status).toBe('failed');
      expect(run.return_message).toBe('ERROR:  division by zero\n');
    }
  });

  it('lets a job running as postgres purge the run log, as on Supabase', async () => {
    const noisyId = await schedule(uniqueName('t-noisy'), '1 seconds', 'select 1');
    await waitForFinishedRuns(noisyId, 1);
    await db.query('select cron.unschedule($1::bigint)', [noisyId]);
    const purgeId = await schedule(
      uniqueName('t-purge'),
      '1 seconds',
      `delete from cron.job_run_details where jobid = ${Number(noisyId)}`,
    );
    const [run] = await waitForFinishedRuns(purgeId, 1);
    await db.query('select cron.unschedule($1::bigint)', [purgeId]);
    expect(run?.status).toBe('succeeded');
    expect(run?.return_message).toMatch(/^DELETE [1-9]\d*$/);
    expect(await listRuns(noisyId)).toEqual([]);
  });

  it('never overlaps a job with itself', async () => {
    const jobId = await schedule(uniqueName('t-slow'), '1 seconds', 'select pg_sleep(2.5)');
    await waitForFinishedRuns(jobId, 2);
    const { rows } = await db.query<{ overlaps: number }>(
      `select count(*)::int as overlaps
         from cron.job_run_details a join cron.job_run_details b
           on a.jobid = b.jobid and a.runid < b.runid and b.start_time < a.end_time
        where a.jobid = $1`,
      [jobId],
    );
    expect(rows[0]?.overlaps).toBe(0);
    await db.query('select cron.unschedule($1::bigint)', [jobId]);
  });
});

describe('cron.schedule + net.http_post (the Supabase pattern)', () => {
  it('invokes a function repeatedly every 2 seconds, and cron.unschedule stops it', async () => {
    const tag = uniqueName('cron-call');
    const name = uniqueName('t-invoke');
    const headers = JSON.stringify({
      'Content-Type': 'application/json',
      Authorization: `Bearer ${stack.serviceRoleKey}`,
    });
    const jobId = await schedule(
      name,
      '2 seconds',
      `select net.http_post(url := '${stack.apiUrl}/functions/v1/record',
                            body := '{"tag": "${tag}"}'::jsonb,
                            headers := '${headers}'::jsonb)`,
    );
    await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int as n from public.t_function_calls where tag = $1',
        [tag],
      );
      return (rows[0]?.n ?? 0) >= 2 ? true : undefined;
    }, 'two scheduled calls');

    await db.query('select cron.unschedule($1)', [name]);
    const runsAtUnschedule = (await listRuns(jobId)).length;

    // A 1-second marker job proves the scheduler kept ticking for more than one 2 s interval.
    const markerId = await schedule(uniqueName('t-marker'), '1 seconds', 'select 1');
    await waitForFinishedRuns(markerId, 3);
    await db.query('select cron.unschedule($1::bigint)', [markerId]);

    expect((await listRuns(jobId)).length).toBe(runsAtUnschedule);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from public.t_function_calls where tag = $1',
      [tag],
    );
    expect(rows[0]?.n).toBeLessThanOrEqual(runsAtUnschedule);
  }, 60_000);
});
