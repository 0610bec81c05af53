/**
 * Runtime configuration: the Supabase URL and anon (publishable) key are read at boot from
 * `/runtime-config.json`, not baked into the build — the local stack picks its ports at start-up,
 * and one build can be promoted from staging to production.
 *
 * Deployers: serve this file next to index.html, with `Cache-Control: no-cache`:
 *
 *   { "supabaseUrl": "https://<project-ref>.supabase.co", "supabaseAnonKey": "<anon or sb_publishable_… key>" }
 *
 * The service worker keeps the last good copy (network first), so the app still boots offline.
 */
import { z } from 'zod';

export const RUNTIME_CONFIG_PATH = '/runtime-config.json';

const runtimeConfigSchema = z.object({
  supabaseUrl: z.url({ protocol: /^https?$/ }),
  supabaseAnonKey: z.string().min(1),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch(RUNTIME_CONFIG_PATH, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${RUNTIME_CONFIG_PATH} answered ${response.status}`);
  const parsed = runtimeConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`${RUNTIME_CONFIG_PATH} is invalid: ${parsed.error.message}`);
  return { ...parsed.data, supabaseUrl: parsed.data.supabaseUrl.replace(/\/+$/, '') };
}
