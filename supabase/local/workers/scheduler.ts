/**
 * The pg_cron launcher, in Node: runs the jobs of cron.job (bootstrap/04) on their schedule and
 * logs each run in cron.job_run_details, so migrations that call `cron.schedule(...)` behave
 * the same locally and on Supabase.
 *
 * Semantics follow citusdata/pg_cron (src/pg_cron.c): schedules are 5-field cron in UTC
 * (cron.timezone = GMT), the macros @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly,
 * @reboot (once when the launcher starts), and '[1-59] seconds'. A job never overlaps itself: a
 * run that falls due while the previous one is still going waits for it. Each run logs in as the
 * job's `username` on a fresh connection and executes the command in one implicit transaction
 * (simple query protocol, like libpq's PQsendQuery), and return_message carries what pg_cron
 * would store: "N row(s)" for a query, the command tag otherwise, the libpq-style error text on
 * failure, "connection failed" when the user cannot log in. A failing job never affects the
 * others or the process. Job changes are picked up through NOTIFY `cron_jobs`.
 *
 * The same migration on hosted Supabase: enable the pg_cron and pg_net extensions (Database →
 * Extensions, or `create extension` in a migration), store two Vault secrets once per project —
 *   select vault.create_secret('https://<ref>.supabase.co', 'project_url');
 *   select vault.create_secret('<service role or sb_secret_ key>', 'service_role_key');
 * — and schedule with
 *   select cron.schedule('nightly-report', '0 3 * * *', $$
 *     select net.http_post(
 *       url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url')
 *              || '/functions/v1/nightly-report',
 *       headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' ||
 *              (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
 *       body := '{}'::jsonb)
 *   $$);
 * Locally, stack.ts upserts both secrets (this run's gateway URL and the local service-role JWT)
 * on every start, so the identical statement reaches the local functions.
 */
import { CronExpressionParser } from 'cron-parser';
import pg from 'pg';
import type { GatewayContext } from '../gateway/context.ts';

export type Schedule =
  | { readonly kind: 'interval'; readonly seconds: number }
  | { readonly kind: 'cron'; readonly expression: string }
  | { readonly kind: 'reboot' };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Longest sleep between wake-ups; also how often a failed job-table read is retried. */
const MAX_SLEEP_MS = 30_000;
const CLOSE_GRACE_MS = 1_000;
/** Connections for reading cron.job and writing cron.job_run_details. */
const BOOKKEEPING_CONNECTIONS = 2;
/** Runs of one user's jobs at the same time (pg_cron caps all runs at cron.max_running_jobs). */
const JOB_CONNECTIONS_PER_USER = 2;

/** Parses a pg_cron schedule; undefined when pg_cron would reject it. */
export function parseSchedule(text: string): Schedule | undefined {
  const trimmed = text.trim();
  const interval = /^(\d{1,2})\s+seconds?$/i.exec(trimmed);
  if (interval) {
    const seconds = Number(interval[1]);
    return seconds >= 1 && seconds <= 59 ? { kind: 'interval', seconds } : undefined;
  }
  if (trimmed === '@reboot') return { kind: 'reboot' };
  const macro = MACROS[trimmed];
  const fields = (macro ?? trimmed).split(/\s+/);
  if (fields.length !== 5) return undefined;
  // pg_cron writes "last day of the month" as `$`; cron-parser calls it `L`.
  if (fields[2] === '$') fields[2] = 'L';
  const expression = fields.join(' ');
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
  } catch {
    return undefined;
  }
  return { kind: 'cron', expression };
}

/** When a job is next due after `afterMs` (epoch ms); Infinity for @reboot. */
export function computeNextRun(schedule: Schedule, afterMs: number): number {
  if (schedule.kind === 'interval') return afterMs + schedule.seconds * 1000;
  if (schedule.kind === 'reboot') return Number.POSITIVE_INFINITY;
  const expression = CronExpressionParser.parse(schedule.expression, { currentDate: new Date(afterMs), tz: 'UTC' });
  return expression.next().getTime();
}

type JobRow = { jobid: string; schedule: string; active: boolean };

type JobState = {
  schedule: Schedule;
  scheduleText: string;
  nextRunAt: number;
  isRunning: boolean;
  hasPendingRun: boolean;
  isRemoved: boolean;
};

type PgError = { message?: unknown; severity?: unknown; detail?: unknown; hint?: unknown; where?: unknown };

/** PQresultErrorMessage's layout (default verbosity), which pg_cron stores on failure. */
export function formatRunError(error: unknown): string {
  const e = (error ?? {}) as PgError;
  if (typeof e.severity !== 'string') return 'connection lost';
  let text = `${e.severity}:  ${String(e.message)}\n`;
  if (typeof e.detail === 'string') text += `DETAIL:  ${e.detail}\n`;
  if (typeof e.hint === 'string') text += `HINT:  ${e.hint}\n`;
  if (typeof e.where === 'string') text += `CONTEXT:  ${e.where}\n`;
  return text;
}

/** pg_cron's return_message for the last result: "N row(s)" for queries, else the command tag. */
function describeResult(result: pg.QueryResult | pg.QueryResult[], lastTag: string | undefined): string {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (!last || last.command === null || last.fields.length > 0) {
    const count = last?.rows.length ?? 0;
    return `${count} ${count === 1 ? 'row' : 'rows'}`;
  }
  if (lastTag) return lastTag;
  if (last.command === 'INSERT') return `INSERT 0 ${last.rowCount ?? 0}`;
  return last.rowCount === null ? last.command : `${last.command} ${last.rowCount}`;
}

/** Command tags as the server sent them (node-pg keeps only the first word of e.g. CREATE TABLE). */
function trackCommandTags(client: pg.PoolClient): { last(): string | undefined; stop(): void } {
  let lastTag: string | undefined;
  const connection = (client as unknown as { connection?: NodeJS.EventEmitter }).connection;
  const onComplete = (message: { text?: unknown }): void => {
    if (typeof message.text === 'string') lastTag = message.text;
  };
  connection?.on('commandComplete', onComplete);
  return {
    last: () => lastTag,
    stop: () => connection?.off('commandComplete', onComplete),
  };
}

type RunOutcome = { status: 'succeeded' | 'failed'; message: string };

/** Runs a job's command in one implicit transaction, as pg_cron's libpq mode does. */
async function runCommand(client: pg.PoolClient, command: string): Promise<RunOutcome> {
  const tags = trackCommandTags(client);
  try {
    const result = (await client.query(command)) as pg.QueryResult | pg.QueryResult[];
    return { status: 'succeeded', message: describeResult(result, tags.last()) };
  } catch (error) {
    return { status: 'failed', message: formatRunError(error) };
  } finally {
    tags.stop();
  }
}

/**
 * The connection string a job logs in with: the job's own user and database, as pg_cron's
 * libpq mode connects (keywords user/dbname). Every local login role shares the local password,
 * which `adminUrl` carries. Logging in as the owner, rather than `set role` on a superuser
 * session, matters: a job could `reset role` back to the session user.
 */
function buildJobConnectionString(adminUrl: string, username: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(username);
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.set('application_name', 'pg_cron');
  return url.toString();
}

export async function startScheduler(
  ctx: Pick<GatewayContext, 'adminUrl' | 'notifications' | 'log'>,
): Promise<{ close(): Promise<void> }> {
  // Our own small pools: long jobs must never starve request handling on ctx.adminPool.
  const pool = new pg.Pool({
    connectionString: ctx.adminUrl,
    max: BOOKKEEPING_CONNECTIONS,
    idleTimeoutMillis: 10_000,
    application_name: 'pg_cron scheduler',
  });
  pool.on('error', (error) => ctx.log(`cron: bookkeeping connection: ${error.message}`));
  /** One pool per job owner and database: each run logs in as the job's user. */
  const jobPools = new Map<string, pg.Pool>();
  const states = new Map<string, JobState>();
  const runs = new Set<Promise<void>>();
  const runningPids = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let isClosed = false;
  let isFirstLoad = true;
  let isLoadNeeded = true;
  let loading: Promise<void> | undefined;

  function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  function getJobPool(username: string, database: string): pg.Pool {
    const key = JSON.stringify([username, database]);
    let jobPool = jobPools.get(key);
    if (!jobPool) {
      jobPool = new pg.Pool({
        connectionString: buildJobConnectionString(ctx.adminUrl, username, database),
        max: JOB_CONNECTIONS_PER_USER,
        idleTimeoutMillis: 10_000,
      });
      jobPool.on('error', (error) => ctx.log(`cron: connection of ${username}: ${error.message}`));
      jobPools.set(key, jobPool);
    }
    return jobPool;
  }

  /** One run: claimed only if the job still exists, so a committed unschedule stops it for good. */
  async function executeJob(jobId: string, state: JobState): Promise<void> {
    const claimed = await pool.query<{ runid: string; command: string; username: string; database: string }>(
      `insert into cron.job_run_details (jobid, database, username, command, status)
       select jobid, database, username, command, 'starting' from cron.job where jobid = $1 and active
       returning runid::text, command, username, database`,
      [jobId],
    );
    const run = claimed.rows[0];
    if (!run) return;
    let outcome: RunOutcome;
    let client: pg.PoolClient | undefined;
    let pid: number | undefined;
    try {
      client = await getJobPool(run.username, run.database).connect();
      // An error on a busy client reaches its query; this only keeps a late one from crashing us.
      client.on('error', () => undefined);
      if (state.isRemoved || isClosed) {
        // pg_cron's wording when a job is unscheduled (or the server stops) before it starts.
        outcome = { status: 'failed', message: 'job canceled' };
      } else {
        const backend = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
        pid = backend.rows[0]?.pid;
        if (pid !== undefined) runningPids.add(pid);
        await pool.query(
          `update cron.job_run_details set status = 'running', job_pid = $2, start_time = now() where runid = $1`,
          [run.runid, pid ?? null],
        );
        outcome = await runCommand(client, run.command);
      }
    } catch (error) {
      if (client) {
        outcome = { status: 'failed', message: formatRunError(error) };
      } else {
        // pg_cron stores only this and leaves the reason (e.g. a role without LOGIN) to the log.
        ctx.log(`cron: job ${jobId} could not connect as ${run.username}: ${describe(error)}`);
        outcome = { status: 'failed', message: 'connection failed' };
      }
    } finally {
      if (pid !== undefined) runningPids.delete(pid);
      // A session that ran user SQL is never reused: pg_cron opens a connection per run.
      client?.release(true);
    }
    await pool.query(
      `update cron.job_run_details set status = $2, return_message = $3, end_time = now() where runid = $1`,
      [run.runid, outcome.status, outcome.message],
    );
  }

  function startRun(jobId: string, state: JobState): void {
    state.isRunning = true;
    const run = executeJob(jobId, state)
      .catch((error: unknown) => ctx.log(`cron: job ${jobId} could not be run: ${describe(error)}`))
      .finally(() => {
        runs.delete(run);
        state.isRunning = false;
        if (state.hasPendingRun && !state.isRemoved && !isClosed) {
          state.hasPendingRun = false;
          startRun(jobId, state);
        }
      });
    runs.add(run);
  }

  async function loadJobs(): Promise<void> {
    const { rows } = await pool.query<JobRow>('select jobid::text, schedule, active from cron.job');
    const now = Date.now();
    const seen = new Set<string>();
    for (const job of rows) {
      if (!job.active) continue;
      const existing = states.get(job.jobid);
      if (existing && existing.scheduleText === job.schedule) {
        seen.add(job.jobid);
        continue;
      }
      const schedule = parseSchedule(job.schedule);
      if (!schedule) {
        ctx.log(`cron: job ${job.jobid} has an invalid schedule "${job.schedule}"; skipped`);
        continue;
      }
      seen.add(job.jobid);
      if (existing) {
        existing.schedule = schedule;
        existing.scheduleText = job.schedule;
        existing.nextRunAt = computeNextRun(schedule, now);
        continue;
      }
      const state: JobState = {
        schedule,
        scheduleText: job.schedule,
        nextRunAt: computeNextRun(schedule, now),
        isRunning: false,
        hasPendingRun: false,
        isRemoved: false,
      };
      states.set(job.jobid, state);
      if (schedule.kind === 'reboot' && isFirstLoad) startRun(job.jobid, state);
    }
    for (const [jobId, state] of states) {
      if (seen.has(jobId)) continue;
      state.isRemoved = true;
      states.delete(jobId);
    }
    isFirstLoad = false;
  }

  function requestLoad(): void {
    isLoadNeeded = true;
    if (!loading) void wake();
  }

  async function reloadIfNeeded(): Promise<void> {
    while (isLoadNeeded && !isClosed) {
      isLoadNeeded = false;
      loading = loadJobs();
      try {
        await loading;
      } catch (error) {
        ctx.log(`cron: reading cron.job failed: ${describe(error)}`);
        isLoadNeeded = true;
        break;
      } finally {
        loading = undefined;
      }
    }
  }

  async function wake(): Promise<void> {
    clearTimeout(timer);
    if (isClosed) return;
    await reloadIfNeeded();
    if (isClosed) return;
    const now = Date.now();
    for (const [jobId, state] of states) {
      if (state.nextRunAt > now) continue;
      state.nextRunAt = computeNextRun(state.schedule, now);
      if (state.isRunning) state.hasPendingRun = true;
      else startRun(jobId, state);
    }
    let next = now + MAX_SLEEP_MS;
    for (const state of states.values()) next = Math.min(next, state.nextRunAt);
    clearTimeout(timer);
    timer = setTimeout(() => void wake(), Math.max(0, next - Date.now()));
    timer.unref();
  }

  // pg_cron marks runs interrupted by a restart when its launcher starts.
  await pool
    .query(
      `update cron.job_run_details set status = 'failed', return_message = 'server restarted'
        where status in ('starting', 'running')`,
    )
    .catch((error: unknown) => ctx.log(`cron: cleaning interrupted runs failed: ${describe(error)}`));
  let unlisten: () => void;
  try {
    unlisten = await ctx.notifications.listen('cron_jobs', requestLoad, requestLoad);
  } catch (error) {
    await pool.end();
    throw error;
  }
  await wake();

  return {
    async close() {
      isClosed = true;
      clearTimeout(timer);
      unlisten();
      // Long-running commands are cancelled, like pg_cron's workers at server shutdown. Runs
      // still waiting for a connection get one as others end, and stop at the isClosed check.
      const settled = Promise.allSettled([...runs]).then(() => true);
      while (runs.size > 0) {
        const isDone = await Promise.race([
          settled,
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_GRACE_MS).unref()),
        ]);
        if (isDone) break;
        for (const pid of runningPids) {
          await pool.query('select pg_cancel_backend($1)', [pid]).catch(() => undefined);
        }
      }
      await Promise.allSettled([pool.end(), ...[...jobPools.values()].map((jobPool) => jobPool.end())]);
    },
  };
}
