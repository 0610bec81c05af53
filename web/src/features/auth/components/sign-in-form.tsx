/**
 * Email + password sign-in. Field problems are shown under each field, server refusals in an
 * alert; nothing the user typed is cleared. On success the session changes and the page redirects.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, PasswordField, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { signInMutation } from '../queries.ts';
import { findEmailProblem, findPasswordProblem, normalizeEmail } from '../internal/validation.ts';

/** `initialEmail` prefills the address (e.g. the invited one); the user can still change it. */
export function SignInForm({ initialEmail = '' }: { initialEmail?: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const mutation = useMutation(signInMutation);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [emailProblem, setEmailProblem] = useState<ReturnType<typeof findEmailProblem>>();
  const [passwordProblem, setPasswordProblem] = useState<ReturnType<typeof findPasswordProblem>>();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const nextEmailProblem = findEmailProblem(email);
    const nextPasswordProblem = findPasswordProblem(password);
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
    mutation.mutate({ email: normalizeEmail(email), password });
  };

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      <TextField
        ref={emailRef}
        label={t('auth.fields.email')}
        type="email"
        name="email"
        autoComplete="username"
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
        name="password"
        autoComplete="current-password"
        value={password}
        error={passwordProblem ? t(passwordProblem) : undefined}
        onChange={(event) => {
          setPassword(event.target.value);
          setPasswordProblem(undefined);
        }}
      />
      <Button type="submit" isBlock isBusy={mutation.isPending}>
        {mutation.isPending ? t('auth.signIn.submitting') : t('auth.signIn.submit')}
      </Button>
    </form>
  );
}
