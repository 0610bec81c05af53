/** After sign-up: the confirmation email is on its way; offers to send it again. */
import { useMutation } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Alert, AppLink, Button } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { resendConfirmationMutation } from '../queries.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard, DevMailboxLink } from './auth-card.tsx';

export function CheckMailbox({ email }: { readonly email: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const resend = useMutation(resendConfirmationMutation);
  return (
    <AuthCard
      title={t('auth.checkMailbox.title')}
      footer={
        <>
          <AppLink to={AUTH_PATHS.signIn}>{t('auth.checkMailbox.back')}</AppLink>
          <DevMailboxLink />
        </>
      }
    >
      <Alert tone="success">
        <Trans i18nKey="auth.checkMailbox.body" values={{ email }} components={{ strong: <strong /> }} />
      </Alert>
      <p className="card__subtitle">{t('auth.checkMailbox.hint')}</p>
      {resend.isError ? <Alert tone="error">{translateError(resend.error)}</Alert> : null}
      {resend.isSuccess ? (
        <Alert tone="info">
          <Trans i18nKey="auth.checkMailbox.resent" values={{ email }} components={{ strong: <strong /> }} />
        </Alert>
      ) : null}
      <Button variant="secondary" isBlock isBusy={resend.isPending} onClick={() => resend.mutate(email)}>
        {resend.isPending ? t('auth.checkMailbox.resending') : t('auth.checkMailbox.resend')}
      </Button>
    </AuthCard>
  );
}
