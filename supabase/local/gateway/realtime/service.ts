/** Placeholder: replaced by the real service. */
import type { GatewayContext } from '../context.ts';
import { HttpReply } from '../http.ts';
import type { RealtimeService } from '../server.ts';

export function createRealtimeService(_ctx: GatewayContext): RealtimeService {
  return {
    handle() {
      return Promise.reject(new HttpReply(501, { message: 'realtime is not implemented yet' }));
    },
    handleUpgrade(_req, socket) {
      socket.destroy();
    },
  };
}
