/**
 * Database set-up for the local stack, in the order `supabase start` + `supabase db reset` use:
 *   1. bootstrap (local only): what the Supabase image provides — roles, auth, storage,
 *      realtime, and stand-ins for pg_net / pg_cron / vault (./bootstrap/*.sql);
 *   2. supabase/migrations/*.sql in file-name order, each in its own transaction, as the
 *      `postgres` role, recorded in supabase_migrations.schema_migrations like the CLI does;
 *   3. supabase/seed.sql, once, on a fresh database (recorded in supabase_migrations.seed_files).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { REPO_ROOT } from './config.ts';

const BOOTSTRAP_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bootstrap');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'supabase', 'migrations');
export const SEED_FILE = path.join(REPO_ROOT, 'supabase', 'seed.sql');

const MIGRATION_NAME = /^(\d{14})_(.+)\.sql$/;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function runInTransaction(client: pg.Client, sql: string, label: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query(sql);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    const e = error as { message?: string; position?: string; where?: string };
    const where = e.position ? ` at character ${e.position}` : '';
    throw new Error(`${label}: ${e.message ?? String(error)}${where}${e.where ? ` (${e.where})` : ''}`, {
      cause: error,
    });
  }
}

export function listBootstrapFiles(): { name: string; sql: string }[] {
  return readdirSync(BOOTSTRAP_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(BOOTSTRAP_DIR, name), 'utf8') }));
}

/** Runs the bootstrap on a fresh database (superuser). */
export async function bootstrapDatabase(superuserUrl: string): Promise<void> {
  await withClient(superuserUrl, async (client) => {
    for (const file of listBootstrapFiles()) {
      await runInTransaction(client, file.sql, `bootstrap ${file.name}`);
    }
    await client.query(`
      create schema if not exists supabase_migrations authorization postgres;
      create table if not exists supabase_migrations.local_bootstrap (name text primary key, hash text not null);
      alter table supabase_migrations.local_bootstrap owner to postgres;
    `);
    for (const file of listBootstrapFiles()) {
      await client.query('insert into supabase_migrations.local_bootstrap (name, hash) values ($1, $2)', [
        file.name,
        sha256(file.sql),
      ]);
    }
  });
}

/** Names of bootstrap files that changed since this database was created (needs db:reset). */
export async function findStaleBootstrap(superuserUrl: string): Promise<string[]> {
  return withClient(superuserUrl, async (client) => {
    const { rows } = await client.query<{ name: string; hash: string }>(
      'select name, hash from supabase_migrations.local_bootstrap',
    );
    const applied = new Map(rows.map((r) => [r.name, r.hash]));
    return listBootstrapFiles()
      .filter((f) => applied.get(f.name) !== sha256(f.sql))
      .map((f) => f.name);
  });
}

export type Migration = { version: string; name: string; file: string; sql: string };

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = MIGRATION_NAME.exec(file);
      if (!match) {
        throw new Error(`Migration file name must be <14-digit UTC timestamp>_<name>.sql: ${file}`);
      }
      return {
        version: match[1] ?? '',
        name: match[2] ?? '',
        file,
        sql: readFileSync(path.join(dir, file), 'utf8'),
      };
    });
}

/** Applies pending migrations as `postgres`; returns the versions applied. */
export async function applyMigrations(postgresUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  return withClient(postgresUrl, async (client) => {
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text);
      create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null);
    `);
    const { rows } = await client.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations',
    );
    const applied = new Set(rows.map((r) => r.version));
    const done: string[] = [];
    for (const migration of listMigrations(dir)) {
      if (applied.has(migration.version)) continue;
      await runInTransaction(
        client,
        `${migration.sql}\n;insert into supabase_migrations.schema_migrations (version, statements, name) values (${pg.escapeLiteral(migration.version)}, array[${pg.escapeLiteral(migration.sql)}], ${pg.escapeLiteral(migration.name)});`,
        `migration ${migration.file}`,
      );
      done.push(migration.version);
    }
    return done;
  });
}

/** Loads supabase/seed.sql once (as `postgres`, like `supabase db reset`). */
export async function applySeed(postgresUrl: string, seedFile = SEED_FILE): Promise<boolean> {
  if (!existsSync(seedFile)) return false;
  const sql = readFileSync(seedFile, 'utf8');
  return withClient(postgresUrl, async (client) => {
    const rel = path.relative(path.join(REPO_ROOT, 'supabase'), seedFile);
    const { rowCount } = await client.query('select 1 from supabase_migrations.seed_files where path = $1', [rel]);
    if (rowCount) return false;
    await runInTransaction(
      client,
      `${sql}\n;insert into supabase_migrations.seed_files (path, hash) values (${pg.escapeLiteral(rel)}, ${pg.escapeLiteral(sha256(sql))});`,
      `seed ${rel}`,
    );
    return true;
  });
}
