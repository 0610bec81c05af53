/**
 * Which edge function a name designates, and whether the gateway checks its JWT.
 *
 * Sources, in order:
 * 1. `[functions.<name>]` in supabase/config.toml (entrypoint, verify_jwt, enabled) — the same
 *    table `supabase functions deploy` reads, so local and hosted settings cannot drift;
 * 2. `<dir>/<name>/index.ts` in each of ctx.functionsDirs (edge-functions/ first). Undeclared
 *    functions get verify_jwt = true, the CLI default.
 *
 * Test fixtures (any functions dir other than edge-functions/) may sit next to their index.ts a
 * `function.json` such as `{ "verify_jwt": false }`. It is ignored under edge-functions/:
 * production settings live in config.toml only.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config.ts';
import type { GatewayContext } from '../context.ts';

export type EdgeFunction = {
  readonly name: string;
  readonly entrypoint: string;
  readonly verifyJwt: boolean;
};

/** Supabase function slugs (CLI `functions new` validation); `_shared` and the like never match. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
const PROJECT_FUNCTIONS_DIR = path.join(REPO_ROOT, 'edge-functions');

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function readFixtureVerifyJwt(file: string, log: (line: string) => void): boolean {
  if (!isFile(file)) return true;
  try {
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { verify_jwt?: unknown };
    return typeof settings.verify_jwt === 'boolean' ? settings.verify_jwt : true;
  } catch (error) {
    log(`functions: ignoring unreadable ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return true;
  }
}

/** The function served under /functions/v1/<name>, or undefined (404 NOT_FOUND). */
export function findFunction(
  ctx: Pick<GatewayContext, 'config' | 'functionsDirs' | 'log'>,
  name: string,
): EdgeFunction | undefined {
  if (!FUNCTION_NAME.test(name)) return undefined;
  const declared = Object.hasOwn(ctx.config.functions, name) ? ctx.config.functions[name] : undefined;
  if (declared) {
    return declared.enabled ? { name, entrypoint: declared.entrypoint, verifyJwt: declared.verifyJwt } : undefined;
  }
  for (const dir of ctx.functionsDirs) {
    const entrypoint = path.join(dir, name, 'index.ts');
    if (!isFile(entrypoint)) continue;
    const isFixture = path.resolve(dir) !== PROJECT_FUNCTIONS_DIR;
    const verifyJwt = isFixture ? readFixtureVerifyJwt(path.join(dir, name, 'function.json'), ctx.log) : true;
    return { name, entrypoint, verifyJwt };
  }
  return undefined;
}
