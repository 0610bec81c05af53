/**
 * Invite one person: email and a role among those the actor may grant. Sent through the
 * `invitations` edge function, which emails the link. A refusal (already a member, already
 * invited, role above one's own, too many invitations — with the minutes to wait…) is shown in
 * words and the form keeps what was typed.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listGrantableRoles, type TenantRole } from '@shared/permissions/roles.ts';
import { Alert, Button, Card, SelectField, TextField } from '@web/ui/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { findInviteEmailProblem, normalizeEmail } from '@web/features/tenancy/internal/email.ts';
import { useTranslateInvitationError } from '@web/features/tenancy/internal/invitation-error.ts';
import { ROLE_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import { FAIL_FAST_OFFLINE, sendInvitation } from '@web/features/tenancy/mutations.ts';
import { tenancyKeys } from '@web/features/tenancy/queries.ts';

export type InviteFormProps = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly onNotice: (message: string) => void;
};

export function InviteForm({ tenant, userId, onNotice }: InviteFormProps) {
  const { t } = useTranslation();
  const translateError = useTranslateInvitationError();
  const queryClient = useQueryClient();
  const roles = listGrantableRoles(tenant.role);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantRole>(roles.includes('member') ? 'member' : (roles.at(-1) ?? 'member'));
  const [isSubmitted, setIsSubmitted] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const problem = findInviteEmailProblem(email);

  const mutation = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: () => sendInvitation({ tenantId: tenant.id, email: normalizeEmail(email), role }),
    onSuccess: async (sent) => {
      onNotice(t('tenancy.invite.sent', { email: sent.email }));
      setEmail('');
      setIsSubmitted(false);
      await queryClient.invalidateQueries({ queryKey: [...tenancyKeys.tenant(userId, tenant.id), 'invitations'] });
    },
    onError: () => emailRef.current?.focus(),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    setIsSubmitted(true);
    if (problem) {
      emailRef.current?.focus();
      return;
    }
    mutation.mutate();
  };

  return (
    <Card title={t('tenancy.invite.title')} subtitle={t('tenancy.invite.intro')}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
        <div className="form-grid form-grid--two">
          <TextField
            ref={emailRef}
            label={t('tenancy.invite.email')}
            type="email"
            name="email"
            inputMode="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            error={isSubmitted && problem ? t(problem) : undefined}
            onChange={(event) => {
              setEmail(event.target.value);
              mutation.reset();
            }}
          />
          <SelectField
            label={t('tenancy.invite.role')}
            name="role"
            value={role}
            options={roles.map((value) => ({ value, label: t(ROLE_LABEL_KEY[value]) }))}
            onChange={(event) => {
              const next = roles.find((value) => value === event.target.value);
              if (next) setRole(next);
            }}
          />
        </div>
        <div>
          <Button type="submit" isBusy={mutation.isPending}>
            {mutation.isPending ? t('tenancy.invite.submitting') : t('tenancy.invite.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
