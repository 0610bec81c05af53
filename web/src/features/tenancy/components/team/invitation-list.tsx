/**
 * Invitations with their status (pending / expired / accepted / revoked). Pending and expired
 * ones can be sent again (a fresh link, the old one stops working); pending ones can be
 * revoked, after confirmation.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Badge, Button, ConfirmDialog, type BadgeTone } from '@web/ui/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { useTranslateInvitationError } from '@web/features/tenancy/internal/invitation-error.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { formatShortDateTime } from '@web/features/tenancy/internal/format.ts';
import { INVITATION_STATUS_KEY, ROLE_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import type { Invitation, InvitationStatus } from '@web/features/tenancy/internal/types.ts';
import { FAIL_FAST_OFFLINE, resendInvitation, revokeInvitation } from '@web/features/tenancy/mutations.ts';
import { tenancyKeys } from '@web/features/tenancy/queries.ts';

const STATUS_TONE: Readonly<Record<InvitationStatus, BadgeTone>> = {
  pending: 'info',
  accepted: 'success',
  revoked: 'neutral',
  expired: 'warning',
};

export type InvitationListProps = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly invitations: readonly Invitation[];
  readonly onNotice: (message: string) => void;
};

export function InvitationList({ tenant, userId, invitations, onNotice }: InvitationListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const translateError = useTranslateError();
  const translateInvitationError = useTranslateInvitationError();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const canUpdate = canAct(tenant.role, 'invitations', 'update');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: [...tenancyKeys.tenant(userId, tenant.id), 'invitations'] });

  const resend = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: (invitation: Invitation) => resendInvitation(invitation.invitation_id),
    onSuccess: async (_sent, invitation) => {
      onNotice(t('tenancy.invitations.resent', { email: invitation.email }));
      await refresh();
    },
  });

  const revoke = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: (invitation: Invitation) => revokeInvitation(invitation.invitation_id),
    onSuccess: async (_result, invitation) => {
      setRevoking(null);
      onNotice(t('tenancy.invitations.revoked', { email: invitation.email }));
      await refresh();
    },
  });

  if (invitations.length === 0) return <p className="card__subtitle">{t('tenancy.invitations.empty')}</p>;

  const format = (iso: string) => formatShortDateTime(iso, language, tenant.timeZone);

  return (
    <>
      {resend.isError ? (
        <p className="field__error" role="alert">
          {translateInvitationError(resend.error)}
        </p>
      ) : null}
      <ul className="item-list">
        {invitations.map((invitation) => {
          const isOpen = invitation.status === 'pending' || invitation.status === 'expired';
          return (
            <li key={invitation.invitation_id} className="item-list__item">
              <div className="item-list__main">
                <p className="item-list__title">{invitation.email}</p>
                <div className="badge-row">
                  <Badge tone={STATUS_TONE[invitation.status]}>{t(INVITATION_STATUS_KEY[invitation.status])}</Badge>
                  <Badge tone="neutral">{t(ROLE_LABEL_KEY[invitation.role])}</Badge>
                </div>
                <p className="item-list__meta">
                  {invitation.invited_by_name
                    ? t('tenancy.invitations.sentBy', {
                        name: invitation.invited_by_name,
                        date: format(invitation.created_at),
                      })
                    : t('tenancy.invitations.sentOn', { date: format(invitation.created_at) })}
                </p>
                {invitation.status === 'pending' ? (
                  <p className="item-list__meta">
                    {t('tenancy.invitations.expiresOn', { date: format(invitation.expires_at) })}
                  </p>
                ) : null}
                {invitation.status === 'expired' ? (
                  <p className="item-list__meta">
                    {t('tenancy.invitations.expiredOn', { date: format(invitation.expires_at) })}
                  </p>
                ) : null}
              </div>
              {canUpdate && isOpen ? (
                <div
                  className="item-list__actions"
                  role="group"
                  aria-label={t('tenancy.team.actionsFor', { name: invitation.email })}
                >
                  <Button
                    variant="secondary"
                    size="small"
                    isBusy={resend.isPending && resend.variables.invitation_id === invitation.invitation_id}
                    onClick={() => resend.mutate(invitation)}
                  >
                    {t('tenancy.invitations.resend')}
                  </Button>
                  {invitation.status === 'pending' ? (
                    <Button
                      variant="ghost"
                      size="small"
                      onClick={() => {
                        revoke.reset();
                        setRevoking(invitation);
                      }}
                    >
                      {t('tenancy.invitations.revoke')}
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {revoking ? (
        <ConfirmDialog
          title={t('tenancy.invitations.revokeDialog.title', { email: revoking.email })}
          description={t('tenancy.invitations.revokeDialog.body')}
          confirmLabel={t('tenancy.invitations.revokeDialog.confirm')}
          cancelLabel={t('tenancy.invitations.revokeDialog.keep')}
          tone="danger"
          isBusy={revoke.isPending}
          error={revoke.isError ? translateError(revoke.error) : undefined}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking)}
        />
      ) : null}
    </>
  );
}
