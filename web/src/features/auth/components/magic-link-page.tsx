/** /auth/magic-link — emails a single-use sign-in link (no password to type on a phone). */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { Alert, AppLink, Button, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useSession } from '../hooks/use-session.ts';
import { magicLinkMutation } from '../queries.ts';
import { readFromState } from '../internal/redirect.ts';
import { findEmailProblem, normalizeEmail } from '../internal/validation.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard, DevMailboxLink } from './auth-card.tsx';

export function MagicLinkPage() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const location = useLocation();
  const session = useSession();
  const mutation = useMutation(magicLinkMutation);
  const [email, setEmail] = useState('');
  const [emailProblem, setEmailProblem] = useState<ReturnType<typeof findEmailProblem>>();
  const emailRef = useRef<HTMLInputElement>(null);
  const nextPath = readFromState(location.state);

  if (session.status === 'signed-in') return <Navigate to={nextPath} replace />;

  if (mutation.isSuccess) {
    return (
      <AuthCard
        title={t('auth.magicLink.sentTitle')}
        footer={
          <>
            <AppLink to={AUTH_PATHS.signIn} state={location.state}>
              {t('auth.magicLink.usePassword')}
            </AppLink>
            <DevMailboxLink />
          </>
        }
      >
        <Alert tone="success">
          <Trans
            i18nKey="auth.magicLink.sentBody"
            values={{ email: mutation.variables.email }}
            components={{ strong: <strong /> }}
          />
        </Alert>
        <Button variant="secondary" isBlock onClick={() => mutation.reset()}>
          {t('auth.magicLink.another')}
        </Button>
      </AuthCard>
    );
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const problem = findEmailProblem(email);
    setEmailProblem(problem);
    if (problem) {
      emailRef.current?.focus();
      return;
    }
    mutation.mutate({ email: normalizeEmail(email), nextPath });
  };

  return (
    <AuthCard
      title={t('auth.magicLink.title')}
      subtitle={t('auth.magicLink.subtitle')}
      footer={
        <AppLink to={AUTH_PATHS.signIn} state={location.state}>
          {t('auth.magicLink.usePassword')}
        </AppLink>
      }
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
        <TextField
          ref={emailRef}
          label={t('auth.fields.email')}
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          error={emailProblem ? t(emailProblem) : undefined}
          onChange={(event) => {
            setEmail(event.target.value);
            setEmailProblem(undefined);
          }}
        />
        <Button type="submit" isBlock isBusy={mutation.isPending}>
          {mutation.isPending ? t('auth.magicLink.submitting') : t('auth.magicLink.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
