/**
 * The migration runner behaves like the Supabase CLI: files applied in name order, each in its
 * own transaction, recorded in supabase_migrations.schema_migrations, never re-applied; the seed
 * is loaded once. Runs against a scratch database in the test stack's cluster.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, applySeed, listMigrations } from './migrate.ts';
import { getStack } from './test/stack-info.ts';

const stack = getStack();
const dbName = `t_migrate_${process.pid}_${Date.now()}`;
let admin: pg.Client;
let scratchUrl: string;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: stack.superuserUrl });
  await admin.connect();
  await admin.query(`create database ${dbName} owner postgres`);
  scratchUrl = stack.dbUrl.replace(/\/postgres$/, `/${dbName}`);
});
afterAll(async () => {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'comptoir-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: scratchUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  it('applies files in name order, records them and skips them next time', async () => {
    const dir = migrationsDir({
      '20260101000002_add_column.sql': 'alter table t_m add column label text;',
      '20260101000001_create_table.sql': 'create table t_m (id int primary key);',
    });
    expect(await applyMigrations(scratchUrl, dir)).toEqual(['20260101000001', '20260101000002']);
    expect(await applyMigrations(scratchUrl, dir)).toEqual([]);
    const recorded = await query<{ version: string; name: string }>(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(recorded).toEqual([
      { version: '20260101000001', name: 'create_table' },
      { version: '20260101000002', name: 'add_column' },
    ]);
  });

  it('rolls back a failing migration entirely and stops there', async () => {
    const dir = migrationsDir({
      '20260201000001_half.sql': 'create table t_half (id int); select 1/0;',
      '20260201000002_after.sql': 'create table t_after (id int);',
    });
    await expect(applyMigrations(scratchUrl, dir)).rejects.toThrow(/20260201000001_half\.sql: division by zero/);
    const tables = await query<{ n: number }>(
      "select count(*)::int as n from pg_tables where tablename in ('t_half', 't_after')",
    );
    expect(tables[0]?.n).toBe(0);
  });

  it('refuses a file name without a 14-digit timestamp', () => {
    const dir = migrationsDir({ 'create_things.sql': 'select 1;' });
    expect(() => listMigrations(dir)).toThrow(/14-digit UTC timestamp/);
  });
});

describe('applySeed', () => {
  it('loads the seed once', async () => {
    const dir = migrationsDir({
      'seed.sql': 'create table if not exists t_seeded (n int); insert into t_seeded values (1);',
    });
    const seed = path.join(dir, 'seed.sql');
    expect(await applySeed(scratchUrl, seed)).toBe(true);
    expect(await applySeed(scratchUrl, seed)).toBe(false);
    expect(await query<{ n: number }>('select count(*)::int as n from t_seeded')).toEqual([{ n: 1 }]);
  });
});

describe('supabase/migrations', () => {
  // Hosted Supabase runs PostgreSQL 17 while the embedded server is 18: keep PG 18-only
  // features out of migrations, or `supabase db push` would fail in production only.
  const PG18_ONLY: [RegExp, string][] = [
    [/\buuidv7\s*\(/i, 'uuidv7() is PostgreSQL 18+ (generate UUIDv7 in the client or with a SQL helper)'],
    [/\buuidv4\s*\(/i, 'uuidv4() is PostgreSQL 18+ (use gen_random_uuid())'],
    [/\)\s*virtual\b/i, 'virtual generated columns are PostgreSQL 18+'],
    [/returning\s+(old|new)\./i, 'OLD/NEW in RETURNING is PostgreSQL 18+'],
    [/\bwithout\s+overlaps\b/i, 'WITHOUT OVERLAPS constraints are PostgreSQL 18+'],
  ];

  it('use no PostgreSQL 18-only feature', () => {
    const problems = listMigrations().flatMap((m) =>
      PG18_ONLY.filter(([pattern]) => pattern.test(m.sql)).map(([, why]) => `${m.file}: ${why}`),
    );
    expect(problems).toEqual([]);
  });
});
