/** Signs out; a failure (e.g. offline) is shown next to the button instead of being swallowed. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, SignOutIcon } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { signOutMutation } from '../queries.ts';

export function SignOutButton() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    ...signOutMutation,
    // Server data of the previous user must not be shown to the next one.
    onSuccess: () => queryClient.clear(),
  });
  return (
    <>
      <Button variant="ghost" size="small" isBusy={mutation.isPending} onClick={() => mutation.mutate()}>
        {mutation.isPending ? null : <SignOutIcon className="button__icon" />}
        {/* On phones only the icon shows; the words stay the button's accessible name. */}
        <span className="button__label--collapsible">
          {mutation.isPending ? t('auth.signOut.submitting') : t('auth.signOut.submit')}
        </span>
      </Button>
      {mutation.isError ? (
        <div className="toast alert alert--error" role="alert">
          <p className="alert__body">{translateError(mutation.error)}</p>
          <Button variant="ghost" size="small" onClick={() => mutation.reset()}>
            {t('ui.dismiss')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
