/**
 * The team: name, email, role, two-factor status, last sign-in (in the company's time zone),
 * and — for whoever the matrix lets manage the team — change role, suspend/reactivate and
 * remove, each confirmed. Owners are protected from non-owners; everyone can leave.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct, getGrant } from '@shared/permissions/matrix.ts';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { Badge, Button, ConfirmDialog, ShieldIcon } from '@web/ui/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { formatShortDateTime } from '@web/features/tenancy/internal/format.ts';
import { ROLE_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import type { Member } from '@web/features/tenancy/internal/types.ts';
import {
  changeMemberRole,
  FAIL_FAST_OFFLINE,
  leaveTenant,
  removeMember,
  setMemberStatus,
} from '@web/features/tenancy/mutations.ts';
import { tenancyKeys } from '@web/features/tenancy/queries.ts';
import { useTenantSelection } from '@web/features/tenancy/store.ts';
import { listRoleChoices, RoleDialog } from './role-dialog.tsx';

type PendingAction =
  | { readonly kind: 'role'; readonly member: Member }
  | { readonly kind: 'suspend'; readonly member: Member }
  | { readonly kind: 'remove'; readonly member: Member }
  | { readonly kind: 'leave' };

export type MemberListProps = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly members: readonly Member[];
  readonly onNotice: (message: string) => void;
};

export function nameOf(member: Member): string {
  return member.display_name.trim() || member.email;
}

export function MemberList({ tenant, userId, members, onNotice }: MemberListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const forgetTenant = useTenantSelection((state) => state.forgetTenant);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const actor: MatrixRole = tenant.role;
  const canUpdate = canAct(actor, 'memberships', 'update');
  const canRemoveOthers = getGrant(actor, 'memberships', 'delete') === 'allow';

  const refreshTeam = () =>
    queryClient.invalidateQueries({ queryKey: [...tenancyKeys.tenant(userId, tenant.id), 'members'] });

  const mutation = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: async (action: {
      readonly membershipId: string;
      readonly run: () => Promise<void>;
      readonly done: string;
    }) => {
      await action.run();
      return action.done;
    },
    onSuccess: async (message) => {
      setPending(null);
      onNotice(message);
      await refreshTeam();
    },
  });

  const leave = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: () => leaveTenant(tenant.id),
    onSuccess: async () => {
      setPending(null);
      forgetTenant(userId, tenant.id);
      await queryClient.invalidateQueries({ queryKey: tenancyKeys.tenants(userId) });
      void navigate('/', { replace: true });
    },
  });

  const open = (action: PendingAction) => {
    mutation.reset();
    leave.reset();
    setPending(action);
  };
  const close = () => setPending(null);

  return (
    <>
      <ul className="item-list">
        {members.map((member) => {
          const isSelf = member.user_id === userId;
          const name = nameOf(member);
          const isProtected = member.role === 'owner' && actor !== 'owner';
          const canChange = !isSelf && canUpdate && !isProtected && listRoleChoices(actor, member.role).length > 1;
          const canSuspend = !isSelf && canUpdate && !isProtected;
          const canRemove = !isSelf && canRemoveOthers && !isProtected;
          return (
            <li key={member.membership_id} className="item-list__item">
              <div className="item-list__main">
                <p className="item-list__title">
                  {name}
                  {isSelf ? ` (${t('tenancy.team.you')})` : null}
                </p>
                {member.display_name.trim() ? <p className="item-list__meta">{member.email}</p> : null}
                <div className="badge-row">
                  <Badge tone={member.role === 'owner' ? 'brand' : 'neutral'}>{t(ROLE_LABEL_KEY[member.role])}</Badge>
                  {member.has_mfa === true ? (
                    <Badge tone="success">
                      <ShieldIcon />
                      {t('tenancy.team.mfaOn')}
                    </Badge>
                  ) : member.has_mfa === false ? (
                    <Badge tone="neutral">{t('tenancy.team.mfaOff')}</Badge>
                  ) : null}
                  {member.status === 'suspended' ? <Badge tone="warning">{t('tenancy.team.suspended')}</Badge> : null}
                </div>
                {/* Security details are for owners and admins: others get null for both, not "never". */}
                {member.has_mfa === null ? null : (
                  <p className="item-list__meta">
                    {member.last_sign_in_at ? (
                      <time dateTime={member.last_sign_in_at}>
                        {t('tenancy.team.lastSignIn', {
                          date: formatShortDateTime(member.last_sign_in_at, language, tenant.timeZone),
                        })}
                      </time>
                    ) : (
                      t('tenancy.team.neverSignedIn')
                    )}
                  </p>
                )}
                {isProtected && canUpdate ? <p className="item-list__meta">{t('tenancy.team.protected')}</p> : null}
              </div>
              <div className="item-list__actions" role="group" aria-label={t('tenancy.team.actionsFor', { name })}>
                {canChange ? (
                  <Button variant="secondary" size="small" onClick={() => open({ kind: 'role', member })}>
                    {t('tenancy.team.changeRole')}
                  </Button>
                ) : null}
                {canSuspend && member.status === 'active' ? (
                  <Button variant="secondary" size="small" onClick={() => open({ kind: 'suspend', member })}>
                    {t('tenancy.team.suspend')}
                  </Button>
                ) : null}
                {canSuspend && member.status === 'suspended' ? (
                  <Button
                    variant="secondary"
                    size="small"
                    isBusy={mutation.isPending && mutation.variables.membershipId === member.membership_id}
                    onClick={() => {
                      mutation.reset();
                      mutation.mutate({
                        membershipId: member.membership_id,
                        run: () => setMemberStatus(member.membership_id, 'active'),
                        done: t('tenancy.team.reactivated', { name }),
                      });
                    }}
                  >
                    {t('tenancy.team.reactivate')}
                  </Button>
                ) : null}
                {canRemove ? (
                  <Button variant="ghost" size="small" onClick={() => open({ kind: 'remove', member })}>
                    {t('tenancy.team.remove')}
                  </Button>
                ) : null}
                {isSelf ? (
                  <Button variant="ghost" size="small" onClick={() => open({ kind: 'leave' })}>
                    {t('tenancy.team.leave')}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {mutation.isError && pending === null ? (
        <p className="field__error" role="alert">
          {translateError(mutation.error)}
        </p>
      ) : null}

      {pending?.kind === 'role' ? (
        <RoleDialog
          isOpen
          memberName={nameOf(pending.member)}
          actorRole={actor}
          currentRole={pending.member.role}
          isSaving={mutation.isPending}
          error={mutation.error}
          onClose={close}
          onSave={(role) =>
            mutation.mutate({
              membershipId: pending.member.membership_id,
              run: () => changeMemberRole(pending.member.membership_id, role),
              done: t('tenancy.team.roleDialog.changed', {
                name: nameOf(pending.member),
                role: t(ROLE_LABEL_KEY[role]),
              }),
            })
          }
        />
      ) : null}
      {pending?.kind === 'suspend' ? (
        <ConfirmDialog
          title={t('tenancy.team.suspendDialog.title', { name: nameOf(pending.member) })}
          description={t('tenancy.team.suspendDialog.body', { name: nameOf(pending.member), tenant: tenant.name })}
          confirmLabel={t('tenancy.team.suspendDialog.confirm')}
          cancelLabel={t('tenancy.common.cancel')}
          tone="danger"
          isBusy={mutation.isPending}
          error={mutation.isError ? translateError(mutation.error) : undefined}
          onCancel={close}
          onConfirm={() =>
            mutation.mutate({
              membershipId: pending.member.membership_id,
              run: () => setMemberStatus(pending.member.membership_id, 'suspended'),
              done: t('tenancy.team.suspendedDone', { name: nameOf(pending.member) }),
            })
          }
        />
      ) : null}
      {pending?.kind === 'remove' ? (
        <ConfirmDialog
          title={t('tenancy.team.removeDialog.title', { name: nameOf(pending.member) })}
          description={t('tenancy.team.removeDialog.body', { name: nameOf(pending.member), tenant: tenant.name })}
          confirmLabel={t('tenancy.team.removeDialog.confirm')}
          cancelLabel={t('tenancy.common.cancel')}
          tone="danger"
          isBusy={mutation.isPending}
          error={mutation.isError ? translateError(mutation.error) : undefined}
          onCancel={close}
          onConfirm={() =>
            mutation.mutate({
              membershipId: pending.member.membership_id,
              run: () => removeMember(pending.member.membership_id),
              done: t('tenancy.team.removed', { name: nameOf(pending.member) }),
            })
          }
        />
      ) : null}
      {pending?.kind === 'leave' ? (
        <ConfirmDialog
          title={t('tenancy.team.leaveDialog.title', { tenant: tenant.name })}
          description={t('tenancy.team.leaveDialog.body', { tenant: tenant.name })}
          confirmLabel={t('tenancy.team.leaveDialog.confirm')}
          cancelLabel={t('tenancy.common.cancel')}
          tone="danger"
          isBusy={leave.isPending}
          error={leave.isError ? translateError(leave.error) : undefined}
          onCancel={close}
          onConfirm={() => leave.mutate()}
        />
      ) : null}
    </>
  );
}
