/**
 * /journal — the company's audit log (owners and admins): newest first, 50 at a time with
 * "show older", each operation as a sentence, its date and time in the company's time zone,
 * and the IP it came from. The log is append-only: nothing here edits it.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Button, Card, PageHeader, usePageTitle } from '@web/ui/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import type { CurrentTenant } from '../hooks/use-current-tenant.ts';
import { buildAuditSentence } from '../internal/audit-sentence.ts';
import { formatShortDateTime } from '../internal/format.ts';
import { auditLogQuery } from '../queries.ts';
import { QueryStatus } from './query-status.tsx';
import { TenantGate } from './tenant-gate.tsx';

export function AuditLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('tenancy.audit.title'));
  return (
    <TenantGate isAllowed={(role) => canAct(role, 'audit_log', 'read')}>
      {({ tenant, userId }) => <AuditLog key={tenant.id} tenant={tenant} userId={userId} />}
    </TenantGate>
  );
}

function AuditLog({ tenant, userId }: { readonly tenant: CurrentTenant; readonly userId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query = useInfiniteQuery(auditLogQuery(userId, tenant.id));
  const entries = query.data?.pages.flat() ?? [];

  return (
    <div className="stack">
      <PageHeader title={t('tenancy.audit.title')} intro={t('tenancy.audit.intro', { tenant: tenant.name })} />
      <Card>
        <QueryStatus query={query} loadingLabel={t('tenancy.audit.loading')} failedTitle={t('tenancy.audit.failed')} />
        {query.isSuccess && entries.length === 0 ? <p className="card__subtitle">{t('tenancy.audit.empty')}</p> : null}
        {entries.length > 0 ? (
          <ol className="item-list" aria-label={t('tenancy.audit.title')}>
            {entries.map((entry) => (
              <li key={entry.id} className="audit-entry">
                <p className="audit-entry__sentence">
                  {buildAuditSentence(entry, { t, language, timeZone: tenant.timeZone })}
                </p>
                <p className="audit-entry__meta">
                  <time dateTime={entry.created_at}>
                    {formatShortDateTime(entry.created_at, language, tenant.timeZone)}
                  </time>
                  {entry.ip ? <span>{t('tenancy.audit.ip', { ip: entry.ip })}</span> : null}
                </p>
              </li>
            ))}
          </ol>
        ) : null}
        {query.hasNextPage ? (
          <div>
            <Button variant="secondary" isBusy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {query.isFetchingNextPage ? t('tenancy.audit.loadingMore') : t('tenancy.audit.loadMore')}
            </Button>
          </div>
        ) : null}
        {query.isSuccess && entries.length > 0 && !query.hasNextPage ? (
          <p className="card__subtitle">{t('tenancy.audit.end')}</p>
        ) : null}
      </Card>
    </div>
  );
}
