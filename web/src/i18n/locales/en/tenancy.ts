/** English messages of the tenancy feature: same keys as French. */
import type { tenancyFr } from '../fr/tenancy.ts';

export const tenancyEn: typeof tenancyFr = {
  switcher: { label: 'Company' },
};
