/**
 * /auth/sign-up — email + password. With email confirmation on (our config), no session comes
 * back: the page turns into "check your mailbox"; the link then lands on /auth/callback.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, Button, PasswordField, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useSession } from '../hooks/use-session.ts';
import { signUpMutation } from '../queries.ts';
import { readEmailFromState, readFromState } from '../internal/redirect.ts';
import { findEmailProblem, findNewPasswordProblem, normalizeEmail } from '../internal/validation.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard } from './auth-card.tsx';
import { CheckMailbox } from './check-mailbox.tsx';
import { GoogleSignInButton } from './google-sign-in-button.tsx';

export function SignUpPage() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const location = useLocation();
  const session = useSession();
  const mutation = useMutation(signUpMutation);
  const [email, setEmail] = useState(() => readEmailFromState(location.state));
  const [password, setPassword] = useState('');
  const [emailProblem, setEmailProblem] = useState<ReturnType<typeof findEmailProblem>>();
  const [passwordProblem, setPasswordProblem] = useState<ReturnType<typeof findNewPasswordProblem>>();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const nextPath = readFromState(location.state);

  // Projects without confirmation return a session at once: then we are simply signed in.
  if (session.status === 'signed-in') return <Navigate to={nextPath} replace />;
  if (mutation.isSuccess && mutation.data.isConfirmationRequired) {
    return <CheckMailbox email={mutation.variables.email} />;
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const nextEmailProblem = findEmailProblem(email);
    const nextPasswordProblem = findNewPasswordProblem(password);
    setEmailProblem(nextEmailProblem);
    setPasswordProblem(nextPasswordProblem);
    if (nextEmailProblem) {
      emailRef.current?.focus();
      return;
    }
    if (nextPasswordProblem) {
      passwordRef.current?.focus();
      return;
    }
    mutation.mutate({ email: normalizeEmail(email), password, nextPath });
  };

  return (
    <AuthCard
      title={t('auth.signUp.title')}
      subtitle={t('auth.signUp.subtitle')}
      footer={
        <p>
          {t('auth.signUp.haveAccount')}{' '}
          <AppLink to={AUTH_PATHS.signIn} state={location.state}>
            {t('auth.signUp.signIn')}
          </AppLink>
        </p>
      }
    >
      <GoogleSignInButton nextPath={nextPath} />
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
        <PasswordField
          ref={passwordRef}
          label={t('auth.fields.password')}
          hint={t('auth.fields.newPasswordHint')}
          name="new-password"
          autoComplete="new-password"
          value={password}
          error={passwordProblem ? t(passwordProblem) : undefined}
          onChange={(event) => {
            setPassword(event.target.value);
            setPasswordProblem(undefined);
          }}
        />
        <Button type="submit" isBlock isBusy={mutation.isPending}>
          {mutation.isPending ? t('auth.signUp.submitting') : t('auth.signUp.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
