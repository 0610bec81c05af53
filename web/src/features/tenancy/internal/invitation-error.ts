/**
 * Invitation refusals in words. The database limits how many invitations a company sends
 * (`too_many_invitations`, 429, `details.retry_after_seconds`): the message says how many
 * minutes to wait, rounded up so nobody comes back a few seconds too early. Everything else is
 * the usual translated error.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { useTranslateError } from '@web/i18n/index.ts';

/** Minutes to wait before inviting again, when `error` is the invitation quota's refusal. */
export function readInvitationQuotaMinutes(error: unknown): number | undefined {
  if (!isAppError(error) || error.userMessage !== 'errors.rpc.too_many_invitations') return undefined;
  const seconds = error.details?.['retry_after_seconds'];
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.max(1, Math.ceil(seconds / 60));
}

export function useTranslateInvitationError(): (error: unknown) => string {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  return useCallback(
    (error: unknown) => {
      const minutes = readInvitationQuotaMinutes(error);
      return minutes === undefined ? translateError(error) : t('tenancy.invite.tooMany', { count: minutes });
    },
    [t, translateError],
  );
}
