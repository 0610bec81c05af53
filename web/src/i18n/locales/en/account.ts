/** English messages of the account feature: same keys as French. */
import type { accountFr } from '../fr/account.ts';

export const accountEn: typeof accountFr = {
  profile: { title: 'My profile' },
};
