/** Placeholder: replaced by the real pg_net worker. */
import type { GatewayContext } from '../gateway/context.ts';

export function startNetWorker(_ctx: GatewayContext): Promise<{ close(): Promise<void> }> {
  return Promise.resolve({ close: () => Promise.resolve() });
}
