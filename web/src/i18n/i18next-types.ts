/** Types translation keys: `t('auth.signIn.tittle')` is a compile error, not a blank label. */
import type { Messages } from './locales/fr.ts';

declare module 'i18next' {
  // Module augmentation only works through interface merging.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
