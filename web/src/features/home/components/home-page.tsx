/**
 * Home: for those who sell (the roles that may create opportunities), their day first — quick
 * actions, today's tasks, the hottest opportunities by score, recent activity (SalesHome); then
 * the company the user works in and their role (tenancy's welcome block, which sends a user
 * without any company to the onboarding wizard), who is signed in, and the `health` function's
 * answer — proof that auth, the functions runtime and the database work end to end. The database
 * time is shown in the user's language and time zone (default fr-FR, Europe/Paris).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Card,
  LoadingState,
  PageHeader,
  RefreshIcon,
  useOnlineStatus,
  usePageTitle,
} from '@web/ui/index.ts';
import { DEFAULT_TIME_ZONE, formatDateTime, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import type { SessionUser } from '@web/lib/supabase/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { TenantHomeGate, TenantWelcome } from '@web/features/tenancy/index.ts';
import { healthQuery } from '../queries.ts';
import { SalesHome } from './sales-home.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  usePageTitle(t('home.title'));
  // RequireSession renders this page only with a session.
  if (session.status !== 'signed-in') return null;
  return (
    <TenantHomeGate>
      <PageHeader title={t('home.greeting')} intro={t('home.intro')} />
      <div className="stack">
        <SalesHome />
        <TenantWelcome />
        <div className="grid grid--two">
          <AccountCard user={session.user} />
          <HealthCard user={session.user} isSessionConfirmed={session.isConfirmed} />
        </div>
      </div>
    </TenantHomeGate>
  );
}

function AccountCard({ user }: { readonly user: SessionUser }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const timeZone = user.time_zone ?? DEFAULT_TIME_ZONE;
  return (
    <Card title={t('home.account.title')}>
      <dl className="details">
        <div className="details__row">
          <dt>{t('home.account.email')}</dt>
          <dd>{user.email ?? '—'}</dd>
        </div>
        <div className="details__row">
          <dt>{t('home.account.id')}</dt>
          <dd className="mono">{user.id}</dd>
        </div>
        {user.last_sign_in_at ? (
          <div className="details__row">
            <dt>{t('home.account.lastSignIn')}</dt>
            <dd>{formatDateTime(user.last_sign_in_at, language, timeZone)}</dd>
          </div>
        ) : null}
      </dl>
    </Card>
  );
}

type HealthCardProps = { readonly user: SessionUser; readonly isSessionConfirmed: boolean };

function HealthCard({ user, isSessionConfirmed }: HealthCardProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const language = useLanguage();
  const isOnline = useOnlineStatus();
  const query = useQuery(healthQuery(user.id, isSessionConfirmed));
  const timeZone = user.time_zone ?? DEFAULT_TIME_ZONE;
  // Waiting for the network (query paused) or for auth-js to confirm the session (query disabled).
  const isPausedOffline = query.fetchStatus === 'paused' || (!isSessionConfirmed && !isOnline);
  const isReconnecting = !isSessionConfirmed && isOnline;

  const refreshButton = (
    <Button
      variant="secondary"
      size="small"
      isBusy={query.isFetching && !isPausedOffline}
      onClick={() => void query.refetch()}
    >
      {query.isFetching && !isPausedOffline ? null : <RefreshIcon className="button__icon" />}
      {query.isFetching && !isPausedOffline ? t('home.health.refreshing') : t('home.health.refresh')}
    </Button>
  );

  return (
    <Card title={t('home.health.title')} titleAction={query.isSuccess ? refreshButton : null}>
      {isPausedOffline && !query.isSuccess ? <Alert tone="warning">{t('home.health.paused')}</Alert> : null}
      {isReconnecting && !query.isSuccess ? <LoadingState label={t('home.health.reconnecting')} /> : null}
      {query.isPending && !isPausedOffline && !isReconnecting ? (
        <LoadingState label={t('home.health.loading')} />
      ) : null}
      {query.isError ? (
        <Alert
          tone="error"
          title={t('home.health.failed')}
          actions={
            <Button variant="secondary" size="small" isBusy={query.isFetching} onClick={() => void query.refetch()}>
              {t('home.health.retry')}
            </Button>
          }
        >
          {translateError(query.error)}
        </Alert>
      ) : null}
      {query.isSuccess ? (
        <>
          <p>
            <span className="badge badge--success">
              <span className="badge__dot" aria-hidden="true" />
              {t('home.health.ok')}
            </span>
          </p>
          <dl className="details">
            <div className="details__row">
              <dt>{t('home.health.databaseTime')}</dt>
              <dd>
                <time dateTime={query.data.database_time}>
                  {formatDateTime(query.data.database_time, language, timeZone)}
                </time>
              </dd>
            </div>
            <div className="details__row">
              <dt>{t('home.health.role')}</dt>
              <dd className="mono">{query.data.role}</dd>
            </div>
            {query.data.aal ? (
              <div className="details__row">
                <dt>{t('home.health.aal')}</dt>
                <dd className="mono">{query.data.aal}</dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
    </Card>
  );
}
