/**
 * `npm run db:reset`: wipes the local development database (.local/dev) and rebuilds it from
 * scratch — bootstrap, every migration, then supabase/seed.sql — like `supabase db reset`.
 * Refuses while `npm start` is using the data directory.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.ts';
import { startPostgres } from '../postgres.ts';
import { applyMigrations, applySeed, bootstrapDatabase } from '../migrate.ts';

async function main(): Promise<void> {
  const dataDir = path.join(REPO_ROOT, '.local', 'dev');
  // Take the lock first (fails if a stack runs), then wipe and rebuild.
  const probe = await startPostgres({ dataDir });
  await probe.stop();
  for (const entry of ['pg', 'storage', 'mail.jsonl'])
    rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  const postgres = await startPostgres({ dataDir });
  try {
    await bootstrapDatabase(postgres.superuserUrl);
    const applied = await applyMigrations(postgres.postgresUrl);
    const isSeeded = await applySeed(postgres.postgresUrl);
    console.log(`Database reset: ${applied.length} migration(s) applied${isSeeded ? ', seed loaded' : ''}.`);
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:reset failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
