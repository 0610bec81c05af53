/**
 * /equipe — the team of the current company. Owners and admins manage members and
 * invitations; other roles see what the matrix lets them see (for some, only themselves) and
 * can leave the company.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct, getGrant } from '@shared/permissions/matrix.ts';
import { Card, LiveNotice, PageHeader, usePageTitle } from '@web/ui/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { invitationsQuery, membersQuery } from '@web/features/tenancy/queries.ts';
import { QueryStatus } from '../query-status.tsx';
import { TenantGate } from '../tenant-gate.tsx';
import { InvitationList } from './invitation-list.tsx';
import { InviteForm } from './invite-form.tsx';
import { MemberList } from './member-list.tsx';

export function TeamPage() {
  const { t } = useTranslation();
  usePageTitle(t('tenancy.team.title'));
  return (
    <TenantGate isAllowed={(role) => canAct(role, 'memberships', 'read')}>
      {({ tenant, userId }) => <Team key={tenant.id} tenant={tenant} userId={userId} />}
    </TenantGate>
  );
}

function Team({ tenant, userId }: { readonly tenant: CurrentTenant; readonly userId: string }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const canReadInvitations = canAct(tenant.role, 'invitations', 'read');
  const canInvite = canAct(tenant.role, 'invitations', 'create');
  const seesOnlySelf = getGrant(tenant.role, 'memberships', 'read') === 'own';
  // The CRM, pipeline and activity screens share this cache entry (to name owners) with a
  // long staleTime; the team page is where a new member must show at once, so it always refetches.
  const members = useQuery({ ...membersQuery(userId, tenant.id), refetchOnMount: 'always' });
  const invitations = useQuery({ ...invitationsQuery(userId, tenant.id), enabled: canReadInvitations });

  return (
    <div className="stack">
      <div>
        <PageHeader title={t('tenancy.team.title')} intro={t('tenancy.team.intro', { tenant: tenant.name })} />
        <LiveNotice message={notice} onDismiss={() => setNotice(null)} />
      </div>
      <Card
        title={t('tenancy.team.members')}
        subtitle={
          members.isSuccess
            ? seesOnlySelf
              ? t('tenancy.team.ownOnly')
              : t('tenancy.team.membersCount', { count: members.data.length })
            : undefined
        }
      >
        <QueryStatus query={members} loadingLabel={t('tenancy.team.loading')} failedTitle={t('tenancy.team.failed')} />
        {members.isSuccess ? (
          <MemberList tenant={tenant} userId={userId} members={members.data} onNotice={setNotice} />
        ) : null}
      </Card>
      {canInvite ? <InviteForm tenant={tenant} userId={userId} onNotice={setNotice} /> : null}
      {canReadInvitations ? (
        <Card title={t('tenancy.invitations.title')}>
          <QueryStatus
            query={invitations}
            loadingLabel={t('tenancy.invitations.loading')}
            failedTitle={t('tenancy.invitations.failed')}
          />
          {invitations.isSuccess ? (
            <InvitationList tenant={tenant} userId={userId} invitations={invitations.data} onNotice={setNotice} />
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
