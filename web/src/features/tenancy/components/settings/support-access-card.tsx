/**
 * Settings — support access for the platform operator: owners open read-only access for a few
 * hours (up to 7 days) with a reason, see the grants, and close one early (confirmed). Admins
 * see the list. Every grant and revocation is audited by the database.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Alert, Badge, Button, Card, ConfirmDialog, LiveNotice, SelectField, TextField } from '@web/ui/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { formatShortDateTime } from '@web/features/tenancy/internal/format.ts';
import type { SupportGrant } from '@web/features/tenancy/internal/types.ts';
import { FAIL_FAST_OFFLINE, grantSupportAccess, revokeSupportAccess } from '@web/features/tenancy/mutations.ts';
import { supportAccessQuery } from '@web/features/tenancy/queries.ts';
import { QueryStatus } from '../query-status.tsx';

const DURATIONS_IN_HOURS = [1, 4, 24, 72, 168] as const;
const MAX_REASON_LENGTH = 500;

export type SupportAccessCardProps = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
};

function isActive(grant: SupportGrant, now: number): boolean {
  return grant.revoked_at === null && new Date(grant.expires_at).getTime() > now;
}

export function SupportAccessCard({ tenant, userId }: SupportAccessCardProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const query = useQuery(supportAccessQuery(userId, tenant.id));
  const canGrant = canAct(tenant.role, 'support_access_grants', 'create');
  const [hours, setHours] = useState<number>(24);
  const [reason, setReason] = useState('');
  const [revoking, setRevoking] = useState<SupportGrant | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const format = (iso: string) => formatShortDateTime(iso, language, tenant.timeZone);
  const refresh = () => queryClient.invalidateQueries({ queryKey: supportAccessQuery(userId, tenant.id).queryKey });

  const grant = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: () => grantSupportAccess(tenant.id, hours, reason.trim()),
    onSuccess: async (created) => {
      setReason('');
      setNotice(t('tenancy.support.granted', { date: format(created.expires_at) }));
      await refresh();
    },
  });

  const revoke = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: (target: SupportGrant) => revokeSupportAccess(target.id),
    onSuccess: async () => {
      setRevoking(null);
      setNotice(t('tenancy.support.revoked'));
      await refresh();
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!grant.isPending) grant.mutate();
  };

  const durationLabel = (value: number) =>
    value % 24 === 0 ? t('tenancy.support.days', { count: value / 24 }) : t('tenancy.support.hours', { count: value });
  // Statuses are computed against the time the list was shown (refetching refreshes them).
  const [now] = useState(() => Date.now());

  return (
    <Card title={t('tenancy.support.title')} subtitle={t('tenancy.support.intro')}>
      <LiveNotice message={notice} onDismiss={() => setNotice(null)} />
      {canGrant ? (
        <form className="form" noValidate onSubmit={handleSubmit}>
          {grant.isError ? <Alert tone="error">{translateError(grant.error)}</Alert> : null}
          <div className="form-grid form-grid--two">
            <SelectField
              label={t('tenancy.support.duration')}
              name="hours"
              value={String(hours)}
              options={DURATIONS_IN_HOURS.map((value) => ({ value: String(value), label: durationLabel(value) }))}
              onChange={(event) => setHours(Number(event.target.value))}
            />
            <TextField
              label={t('tenancy.support.reason')}
              hint={t('tenancy.support.reasonHint')}
              name="reason"
              maxLength={MAX_REASON_LENGTH}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div>
            <Button type="submit" variant="secondary" isBusy={grant.isPending}>
              {grant.isPending ? t('tenancy.support.granting') : t('tenancy.support.grant')}
            </Button>
          </div>
        </form>
      ) : (
        <p className="card__subtitle">{t('tenancy.support.readOnly')}</p>
      )}
      <QueryStatus
        query={query}
        loadingLabel={t('tenancy.support.loading')}
        failedTitle={t('tenancy.support.failed')}
      />
      {query.isSuccess && query.data.length === 0 ? (
        <p className="card__subtitle">{t('tenancy.support.empty')}</p>
      ) : null}
      {query.isSuccess && query.data.length > 0 ? (
        <ul className="item-list">
          {query.data.map((item) => {
            const active = isActive(item, now);
            return (
              <li key={item.id} className="item-list__item">
                <div className="item-list__main">
                  <p className="item-list__title">{item.reason.trim() || t('tenancy.support.noReason')}</p>
                  <div className="badge-row">
                    {active ? (
                      <Badge tone="warning">{t('tenancy.support.active', { date: format(item.expires_at) })}</Badge>
                    ) : item.revoked_at ? (
                      <Badge tone="neutral">{t('tenancy.support.revokedOn', { date: format(item.revoked_at) })}</Badge>
                    ) : (
                      <Badge tone="neutral">{t('tenancy.support.ended', { date: format(item.expires_at) })}</Badge>
                    )}
                  </div>
                </div>
                {active && canGrant ? (
                  <div className="item-list__actions">
                    <Button
                      variant="secondary"
                      size="small"
                      onClick={() => {
                        revoke.reset();
                        setRevoking(item);
                      }}
                    >
                      {t('tenancy.support.revoke')}
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('tenancy.support.revokeDialog.title')}
          description={t('tenancy.support.revokeDialog.body')}
          confirmLabel={t('tenancy.support.revokeDialog.confirm')}
          cancelLabel={t('tenancy.common.cancel')}
          isBusy={revoke.isPending}
          error={revoke.isError ? translateError(revoke.error) : undefined}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking)}
        />
      ) : null}
    </Card>
  );
}
