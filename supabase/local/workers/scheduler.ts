/** Placeholder: replaced by the real cron scheduler. */
import type { GatewayContext } from '../gateway/context.ts';

export function startScheduler(_ctx: GatewayContext): Promise<{ close(): Promise<void> }> {
  return Promise.resolve({ close: () => Promise.resolve() });
}
