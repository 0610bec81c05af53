/**
 * Settings — delete the company (owners). Irreversible, so the owner types the company's name
 * to confirm; the database checks the name again (confirmation_mismatch) and audits the
 * deletion. Afterwards the app moves to another company, or to onboarding if none is left.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Dialog, TextField, TrashIcon } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { deleteTenant, FAIL_FAST_OFFLINE } from '@web/features/tenancy/mutations.ts';
import { tenancyKeys } from '@web/features/tenancy/queries.ts';
import { useTenantSelection } from '@web/features/tenancy/store.ts';

export function DangerZone({ tenant, userId }: { readonly tenant: CurrentTenant; readonly userId: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const forgetTenant = useTenantSelection((state) => state.forgetTenant);
  const [isOpen, setIsOpen] = useState(false);
  const [typedName, setTypedName] = useState('');
  const [isSubmitted, setIsSubmitted] = useState(false);
  const isMatching = typedName.trim() === tenant.name;

  const mutation = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: () => deleteTenant(tenant.id, typedName.trim()),
    onSuccess: async () => {
      forgetTenant(userId, tenant.id);
      await queryClient.invalidateQueries({ queryKey: tenancyKeys.tenants(userId) });
      void navigate('/', { replace: true });
    },
  });

  const close = () => {
    setIsOpen(false);
    setTypedName('');
    setIsSubmitted(false);
    mutation.reset();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsSubmitted(true);
    if (!isMatching || mutation.isPending) return;
    mutation.mutate();
  };

  return (
    <div className="danger-zone">
      <Card title={t('tenancy.danger.title')} subtitle={t('tenancy.danger.intro')}>
        <div>
          <Button variant="danger" onClick={() => setIsOpen(true)}>
            <TrashIcon className="button__icon" />
            {t('tenancy.danger.delete')}
          </Button>
        </div>
      </Card>
      <Dialog
        isOpen={isOpen}
        title={t('tenancy.danger.dialogTitle', { tenant: tenant.name })}
        description={t('tenancy.danger.dialogBody', { tenant: tenant.name })}
        onClose={close}
      >
        <form className="form" noValidate onSubmit={handleSubmit}>
          <TextField
            label={t('tenancy.danger.confirmLabel')}
            hint={t('tenancy.danger.confirmHint', { tenant: tenant.name })}
            name="confirm_name"
            autoComplete="off"
            spellCheck={false}
            value={typedName}
            error={isSubmitted && !isMatching ? t('tenancy.danger.mismatch') : undefined}
            onChange={(event) => setTypedName(event.target.value)}
          />
          {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
          <div className="dialog__footer">
            <Button variant="secondary" onClick={close}>
              {t('tenancy.common.cancel')}
            </Button>
            <Button type="submit" variant="danger" isBusy={mutation.isPending}>
              {t('tenancy.danger.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
