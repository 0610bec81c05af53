/**
 * Email + password sign-in. Field problems are shown under each field, server refusals in an
 * alert; nothing the user typed is cleared. On success the session changes and the page redirects.
 * When too many failures locked the password, a sign-in link by email still works: the form
 * offers to send one to the typed address, right under the message.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { Alert, Button, PasswordField, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { magicLinkMutation, signInMutation } from '../queries.ts';
import { findEmailProblem, findPasswordProblem, normalizeEmail } from '../internal/validation.ts';

export type SignInFormProps = {
  /** Prefills the address (e.g. the invited one); the user can still change it. */
  readonly initialEmail?: string;
  /** Where a sign-in link sent from here comes back to. */
  readonly nextPath?: string;
};

export function SignInForm({ initialEmail = '', nextPath = '/' }: SignInFormProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const mutation = useMutation(signInMutation);
  const link = useMutation(magicLinkMutation);
  const isPasswordLocked = isAppError(mutation.error) && mutation.error.userMessage === 'auth.errors.too_many_attempts';
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
    link.reset();
    mutation.mutate({ email: normalizeEmail(email), password });
  };

  const sendLink = () => {
    if (link.isPending) return;
    const problem = findEmailProblem(email);
    setEmailProblem(problem);
    if (problem) {
      emailRef.current?.focus();
      return;
    }
    link.mutate({ email: normalizeEmail(email), nextPath });
  };

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      {isPasswordLocked && !link.isSuccess ? (
        <Button variant="secondary" isBlock isBusy={link.isPending} onClick={sendLink}>
          {link.isPending ? t('auth.magicLink.submitting') : t('auth.signIn.sendLinkInstead')}
        </Button>
      ) : null}
      {link.isError ? <Alert tone="error">{translateError(link.error)}</Alert> : null}
      {link.isSuccess ? (
        <Alert tone="success">
          <Trans
            i18nKey="auth.magicLink.sentBody"
            values={{ email: link.variables.email }}
            components={{ strong: <strong /> }}
          />
        </Alert>
      ) : null}
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
