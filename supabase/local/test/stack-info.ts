/** What the global set-up hands to tests (vitest `inject('stack')`). */
import { inject } from 'vitest';

export type StackInfo = {
  readonly apiUrl: string;
  readonly dbUrl: string;
  readonly superuserUrl: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  readonly publishableKey: string;
  readonly secretKey: string;
  readonly jwtSecret: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export function getStack(): StackInfo {
  return inject('stack');
}
