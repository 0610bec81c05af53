/**
 * "Continue with Google", shown only when the Supabase project has Google enabled (GoTrue's
 * settings say `external.google: true`); nothing at all otherwise, not even a disabled button.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { authProvidersQuery, googleSignInMutation } from '../queries.ts';
import './google-sign-in.css';

function GoogleLogo() {
  return (
    <svg className="button__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="#4285F4"
        d="M23.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h6.5a5.6 5.6 0 0 1-2.4 3.6v3h3.9c2.2-2.1 3.5-5.1 3.5-8.7Z"
      />
      <path
        fill="#34A853"
        d="M12 24c3.2 0 6-1.1 8-2.9l-3.9-3c-1.1.7-2.4 1.2-4.1 1.2-3.1 0-5.8-2.1-6.7-5H1.3v3.1A12 12 0 0 0 12 24Z"
      />
      <path fill="#FBBC05" d="M5.3 14.3a7.2 7.2 0 0 1 0-4.6V6.6H1.3a12 12 0 0 0 0 10.8l4-3.1Z" />
      <path fill="#EA4335" d="M12 4.8c1.8 0 3.3.6 4.6 1.8l3.4-3.4A12 12 0 0 0 1.3 6.6l4 3.1c.9-2.8 3.6-4.9 6.7-4.9Z" />
    </svg>
  );
}

export function GoogleSignInButton({ nextPath }: { readonly nextPath: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const providers = useQuery(authProvidersQuery);
  const mutation = useMutation(googleSignInMutation);
  if (!providers.data?.isGoogleEnabled) return null;
  return (
    <div className="google-sign-in">
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      <Button variant="secondary" isBlock isBusy={mutation.isPending} onClick={() => mutation.mutate({ nextPath })}>
        {mutation.isPending ? null : <GoogleLogo />}
        {mutation.isPending ? t('auth.google.redirecting') : t('auth.google.continue')}
      </Button>
      <p className="google-sign-in__separator" aria-hidden="true">
        <span>{t('auth.google.separator')}</span>
      </p>
    </div>
  );
}
