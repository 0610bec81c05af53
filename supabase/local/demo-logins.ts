/**
 * The demo logins seeded by supabase/seed.sql, listed in supabase/demo-logins.json so that
 * `npm start` can print them, the README can list them, and a test can prove each one signs in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.ts';

export type DemoLogin = { email: string; password: string; description: string };

export function readDemoLogins(): DemoLogin[] {
  const raw = JSON.parse(readFileSync(path.join(REPO_ROOT, 'supabase', 'demo-logins.json'), 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error('supabase/demo-logins.json must be an array');
  return raw as DemoLogin[];
}
