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
/** supabase_admin, the cluster superuser (jobs of another user, cron.job written directly). */
let admin: pg.Client;
const scheduled: string[] = [];

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  admin = new pg.Client({ connectionString: stack.superuserUrl });
  await admin.connect();
});

afterAll(async () => {
  for (const name of scheduled) {
    await db.query('select cron.unschedule(jobname) from cron.job where jobname = $1', [name]);
  }
  await db.end();
  await admin.end();
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

describe('job owners', () => {
  it('runs a job on a session of its owner, so `reset role` cannot reach a superuser', async () => {
    const tag = uniqueName('reset-role');
    const jobId = await schedule(
      uniqueName('t-reset-role'),
      '1 seconds',
      `reset role; insert into public.t_cron_runs (tag) values ('${tag}')`,
    );
    const [run] = await waitForFinishedRuns(jobId, 1);
    await db.query('select cron.unschedule($1::bigint)', [jobId]);
    expect(run).toMatchObject({ status: 'succeeded', return_message: 'INSERT 0 1' });
    const { rows } = await db.query<{ run_as: string; rolsuper: boolean }>(
      `select r.run_as, a.rolsuper from public.t_cron_runs r join pg_roles a on a.rolname = r.run_as
        where r.tag = $1 limit 1`,
      [tag],
    );
    expect(rows).toEqual([{ run_as: 'postgres', rolsuper: false }]);
  });

  it('fails a job whose user cannot log in with "connection failed", as pg_cron does', async () => {
    const name = uniqueName('t-nologin');
    const { rows } = await admin.query<{ id: string }>(
      `insert into cron.job (jobname, schedule, command, username)
       values ($1, '1 seconds', 'select 1', 'anon') returning jobid::text as id`,
      [name],
    );
    const jobId = rows[0]?.id ?? '';
    try {
      const [run] = await waitForFinishedRuns(jobId, 1);
      expect(run).toMatchObject({ status: 'failed', return_message: 'connection failed', username: 'anon' });
    } finally {
      await admin.query('delete from cron.job where jobid = $1', [jobId]);
    }
  });

  it("never lets postgres unschedule or overwrite another user's job", async () => {
    const name = uniqueName('t-foreign');
    // Scheduled by the superuser; the yearly schedule keeps it from running during the test.
    const { rows } = await admin.query<{ id: string }>(
      `select cron.schedule($1, '0 0 1 1 *', 'select 1')::text as id`,
      [name],
    );
    const foreignId = rows[0]?.id ?? '';
    try {
      await expect(db.query('select cron.unschedule($1::text)', [name])).rejects.toThrow(
        `could not find valid entry for job '${name}'`,
      );
      await expect(db.query('select cron.unschedule($1::bigint)', [foreignId])).rejects.toMatchObject({
        code: '42501',
        message: 'permission denied for table job',
      });
      // The same name scheduled by postgres is postgres's own job; the superuser's is untouched.
      const ownId = await schedule(name, '0 0 1 1 *', 'select 2');
      expect(ownId).not.toBe(foreignId);
      const jobs = await admin.query<{ jobid: string; username: string; command: string }>(
        'select j.jobid::text, j.username, j.command from cron.job j where j.jobname = $1 order by j.jobid',
        [name],
      );
      expect(jobs.rows).toEqual([
        { jobid: foreignId, username: 'supabase_admin', command: 'select 1' },
        { jobid: ownId, username: 'postgres', command: 'select 2' },
      ]);
      // By name, postgres removes exactly its own job.
      await db.query('select cron.unschedule($1::text)', [name]);
      const left = await admin.query<{ jobid: string }>('select jobid::text from cron.job where jobname = $1', [name]);
      expect(left.rows).toEqual([{ jobid: foreignId }]);
    } finally {
      // A superuser may remove anyone's job by id.
      await admin.query('select cron.unschedule($1::bigint)', [foreignId]);
    }
    const gone = await admin.query('select 1 from cron.job where jobid = $1', [foreignId]);
    expect(gone.rowCount).toBe(0);
  });
});

describe('isolation from request handling', () => {
  it('keeps auth and pg_net serving while many long jobs run', async () => {
    // Superuser jobs, so the postgres jobs of the other tests keep their own connections.
    const names = Array.from({ length: 12 }, (_, i) => uniqueName(`t-hog-${i}`));
    const jobIds: string[] = [];
    for (const name of names) {
      const { rows } = await admin.query<{ id: string }>(
        `select cron.schedule($1, '1 seconds', 'select pg_sleep(30)')::text as id`,
        [name],
      );
      jobIds.push(rows[0]?.id ?? '');
    }
    try {
      await waitFor(async () => {
        const { rows } = await admin.query<{ n: number }>(
          `select count(*)::int as n from cron.job_run_details where jobid = any($1::bigint[]) and status = 'running'`,
          [jobIds],
        );
        return (rows[0]?.n ?? 0) >= 2 ? true : undefined;
      }, 'long jobs running');

      const users = await fetch(`${stack.apiUrl}/auth/v1/admin/users?per_page=1`, {
        headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
        signal: AbortSignal.timeout(10_000),
      });
      expect(users.status).toBe(200);

      const { rows } = await db.query<{ id: string }>(`select net.http_get($1)::text as id`, [
        `${stack.apiUrl}/functions/v1/public-echo`,
      ]);
      const status = await waitFor(
        async () => {
          const response = await db.query<{ status_code: number }>(
            'select status_code from net._http_response where id = $1',
            [rows[0]?.id],
          );
          return response.rows[0]?.status_code;
        },
        'the pg_net response',
        10_000,
      );
      expect(status).toBe(200);
    } finally {
      for (const name of names) await admin.query('select cron.unschedule($1::text)', [name]);
      // Cancel what runs (and whatever starts late) until every run of these jobs has ended.
      await waitFor(async () => {
        const { rows } = await admin.query<{ n: number }>(
          `select count(*)::int as n, count(pg_cancel_backend(job_pid)) as cancelled from cron.job_run_details
            where jobid = any($1::bigint[]) and status in ('starting', 'running')`,
          [jobIds],
        );
        return rows[0]?.n === 0 ? true : undefined;
      }, 'the long jobs to end').catch(() => undefined);
    }
  }, 60_000);
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
