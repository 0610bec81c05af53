/** Placeholder: replaced by the real service. Answers 501 so the gateway runs end to end. */
import type { GatewayContext } from '../context.ts';
import { HttpReply } from '../http.ts';
import type { PrefixService } from '../server.ts';

export function createStorageService(_ctx: GatewayContext): PrefixService {
  return {
    handle() {
      return Promise.reject(new HttpReply(501, { message: 'storage is not implemented yet' }));
    },
  };
}
