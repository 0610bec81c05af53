/**
 * The profile's danger zone: delete my account. Irreversible, so the user types their email
 * address to confirm; the database (delete_my_account) refuses while they are the only owner of
 * a company (`last_owner`, naming the companies): we list them, each with a link to its team
 * page, where the user can make someone else owner first. Once deleted, the session ends on this
 * device (with this device's PIN) and the sign-in page says the account is gone.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { Alert, Button, Card, Dialog, TextField, TrashIcon } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { signOut, type SessionUser } from '@web/lib/supabase/index.ts';
import { AUTH_PATHS, rememberSignInNotice } from '@web/features/auth/index.ts';
import { TENANCY_PATHS, useCurrentTenant } from '@web/features/tenancy/index.ts';
import { deleteAccountMutation } from '../queries.ts';
import { removeDevicePin } from '../internal/device-pin.ts';
import { readSoleOwnerTenants, type SoleOwnerTenant } from '../internal/sole-owner-tenants.ts';

function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** "Make someone else owner first", one link per company the user is the only owner of. */
function SoleOwnerTenants({
  tenants,
  onOpenTeam,
}: {
  readonly tenants: readonly SoleOwnerTenant[];
  readonly onOpenTeam: (tenantId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert tone="error" title={t('account.deleteAccount.lastOwnerTitle', { count: tenants.length })}>
      <p>{t('account.deleteAccount.lastOwnerBody', { count: tenants.length })}</p>
      <ul className="account-delete__tenants">
        {tenants.map((tenant) => (
          <li key={tenant.id}>
            <Button variant="ghost" size="small" onClick={() => onOpenTeam(tenant.id)}>
              {t('account.deleteAccount.openTeam', { tenant: tenant.name })}
            </Button>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function DeleteAccount({ user }: { readonly user: SessionUser }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const navigate = useNavigate();
  const { switchTenant } = useCurrentTenant();
  const [isOpen, setIsOpen] = useState(false);
  const [typedEmail, setTypedEmail] = useState('');
  const [isSubmitted, setIsSubmitted] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const email = user.email ?? '';
  const isMatching = email !== '' && normalizeEmail(typedEmail) === normalizeEmail(email);

  const mutation = useMutation({
    ...deleteAccountMutation,
    onSuccess: async () => {
      // Nothing of this account may stay on the device: its PIN, then its session (and with it
      // the lock, the cached companies and every query — see the session subscribers).
      removeDevicePin(user.id);
      rememberSignInNotice('account-deleted');
      await signOut();
      void navigate(AUTH_PATHS.signIn, { replace: true });
    },
  });
  const soleOwnerTenants =
    isAppError(mutation.error) && mutation.error.userMessage === 'errors.rpc.last_owner'
      ? readSoleOwnerTenants(mutation.error.details)
      : [];

  const close = () => {
    if (mutation.isPending) return;
    setIsOpen(false);
    setTypedEmail('');
    setIsSubmitted(false);
    mutation.reset();
  };

  const openTeam = (tenantId: string) => {
    close();
    switchTenant(tenantId);
    void navigate(TENANCY_PATHS.team);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsSubmitted(true);
    if (mutation.isPending) return;
    if (!isMatching) {
      emailRef.current?.focus();
      return;
    }
    mutation.mutate();
  };

  return (
    <div className="danger-zone">
      <Card title={t('account.deleteAccount.title')} subtitle={t('account.deleteAccount.intro')}>
        <div>
          <Button variant="danger" onClick={() => setIsOpen(true)}>
            <TrashIcon className="button__icon" />
            {t('account.deleteAccount.open')}
          </Button>
        </div>
      </Card>
      <Dialog
        isOpen={isOpen}
        title={t('account.deleteAccount.dialogTitle')}
        description={t('account.deleteAccount.dialogBody')}
        initialFocusRef={emailRef}
        onClose={close}
      >
        <form className="form" noValidate onSubmit={handleSubmit}>
          <TextField
            ref={emailRef}
            label={t('account.deleteAccount.confirmLabel')}
            hint={t('account.deleteAccount.confirmHint', { email })}
            type="email"
            name="confirm_email"
            inputMode="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={typedEmail}
            error={isSubmitted && !isMatching ? t('account.deleteAccount.mismatch') : undefined}
            onChange={(event) => {
              setTypedEmail(event.target.value);
              if (mutation.isError) mutation.reset();
            }}
          />
          {soleOwnerTenants.length > 0 ? (
            <SoleOwnerTenants tenants={soleOwnerTenants} onOpenTeam={openTeam} />
          ) : mutation.isError ? (
            <Alert tone="error">{translateError(mutation.error)}</Alert>
          ) : null}
          <div className="dialog__footer">
            <Button variant="secondary" onClick={close}>
              {t('account.deleteAccount.cancel')}
            </Button>
            <Button type="submit" variant="danger" isBusy={mutation.isPending}>
              {mutation.isPending ? t('account.deleteAccount.deleting') : t('account.deleteAccount.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
