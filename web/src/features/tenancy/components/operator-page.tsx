/**
 * /operateur — the platform operator's console: every tenant's health metadata (plan, active
 * members, last activity, support access), never their business data. Only for operators
 * (am_i_operator); the RPC refuses everyone else anyway.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Badge, Card, PageHeader, usePageTitle, type BadgeTone } from '@web/ui/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { DEFAULT_TIME_ZONE } from '@web/i18n/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { formatLongDate, formatShortDateTime } from '../internal/format.ts';
import { findPlanLabelKey, VERTICAL_LABEL_KEY } from '../internal/labels.ts';
import type { OperatorTenant } from '../internal/types.ts';
import { amIOperatorQuery, operatorTenantsQuery } from '../queries.ts';
import { QueryStatus } from './query-status.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;

type Health = 'active' | 'quiet' | 'dormant';

const HEALTH_LABEL_KEY = {
  active: 'tenancy.operator.health.active',
  quiet: 'tenancy.operator.health.quiet',
  dormant: 'tenancy.operator.health.dormant',
} as const satisfies Record<Health, string>;

const HEALTH_TONE: Readonly<Record<Health, BadgeTone>> = { active: 'success', quiet: 'info', dormant: 'warning' };

/** Active within 7 days, quiet within 30, dormant beyond (or never). */
export function computeHealth(tenant: OperatorTenant, now: number): Health {
  if (!tenant.last_activity_at) return 'dormant';
  const age = now - new Date(tenant.last_activity_at).getTime();
  if (age <= 7 * DAY_MS) return 'active';
  if (age <= 30 * DAY_MS) return 'quiet';
  return 'dormant';
}

export function OperatorPage() {
  const { t } = useTranslation();
  const session = useSession();
  usePageTitle(t('tenancy.operator.title'));
  const userId = session.status === 'signed-in' ? session.user.id : '';
  const isConfirmed = session.status === 'signed-in' && session.isConfirmed;
  const operator = useQuery(amIOperatorQuery(userId, isConfirmed));

  if (operator.isSuccess && !operator.data) {
    return (
      <div className="empty-state">
        <h1>{t('tenancy.operator.title')}</h1>
        <p>{t('tenancy.operator.forbidden')}</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <PageHeader title={t('tenancy.operator.title')} intro={t('tenancy.operator.intro')} />
      {operator.isSuccess ? (
        <OperatorTenants userId={userId} />
      ) : (
        <QueryStatus
          query={operator}
          loadingLabel={t('tenancy.operator.loading')}
          failedTitle={t('tenancy.operator.failed')}
        />
      )}
    </div>
  );
}

function OperatorTenants({ userId }: { readonly userId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query = useQuery(operatorTenantsQuery(userId));
  // Statuses are computed against the time the list was shown (refetching refreshes them).
  const [now] = useState(() => Date.now());
  const planLabel = (plan: string) => {
    const key = findPlanLabelKey(plan);
    return key ? t(key) : plan;
  };

  return (
    <Card
      title={t('tenancy.operator.tableLabel')}
      subtitle={query.isSuccess ? t('tenancy.operator.count', { count: query.data.length }) : undefined}
    >
      <QueryStatus
        query={query}
        loadingLabel={t('tenancy.operator.loading')}
        failedTitle={t('tenancy.operator.failed')}
      />
      {query.isSuccess && query.data.length === 0 ? (
        <p className="card__subtitle">{t('tenancy.operator.empty')}</p>
      ) : null}
      {query.isSuccess && query.data.length > 0 ? (
        <>
          <p className="field__hint">{t('tenancy.operator.healthHint')}</p>
          {/* Scrolls sideways on phones; focusable so keyboard users can scroll it too. */}
          <div className="table-scroll" role="region" aria-label={t('tenancy.operator.tableLabel')} tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('tenancy.operator.columns.name')}</th>
                  <th scope="col">{t('tenancy.operator.columns.health')}</th>
                  <th scope="col">{t('tenancy.operator.columns.vertical')}</th>
                  <th scope="col">{t('tenancy.operator.columns.plan')}</th>
                  <th scope="col" className="numeric">
                    {t('tenancy.operator.columns.members')}
                  </th>
                  <th scope="col">{t('tenancy.operator.columns.lastActivity')}</th>
                  <th scope="col">{t('tenancy.operator.columns.createdAt')}</th>
                  <th scope="col">{t('tenancy.operator.columns.support')}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.map((tenant) => {
                  const health = computeHealth(tenant, now);
                  return (
                    <tr key={tenant.tenant_id}>
                      <th scope="row" className="table__cell--wrap">
                        {tenant.name}
                      </th>
                      <td>
                        <Badge tone={HEALTH_TONE[health]}>{t(HEALTH_LABEL_KEY[health])}</Badge>
                      </td>
                      <td>{t(VERTICAL_LABEL_KEY[tenant.vertical])}</td>
                      <td>{planLabel(tenant.plan)}</td>
                      <td className="numeric">{tenant.member_count}</td>
                      <td>
                        {tenant.last_activity_at
                          ? formatShortDateTime(tenant.last_activity_at, language, DEFAULT_TIME_ZONE)
                          : t('tenancy.operator.never')}
                      </td>
                      <td>{formatLongDate(tenant.created_at, language, DEFAULT_TIME_ZONE)}</td>
                      <td>
                        {tenant.support_access_until
                          ? t('tenancy.operator.supportUntil', {
                              date: formatShortDateTime(tenant.support_access_until, language, DEFAULT_TIME_ZONE),
                            })
                          : t('tenancy.operator.noSupport')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Card>
  );
}
