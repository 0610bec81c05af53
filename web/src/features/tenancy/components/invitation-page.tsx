/**
 * /invitation?token=… — where the invitation email leads (public). Shows the company, the role
 * and who invited (get_invitation works signed out), then:
 *   - signed out: create an account with the invited address (the confirmation link comes back
 *     here), or sign in;
 *   - signed in with the invited address: "join" → accept_invitation → that company → home;
 *   - signed in with another account: explains, offers to sign out;
 *   - used, revoked, expired or unknown links: says so plainly.
 * The token leaves the address bar as soon as it is read (internal/invitation-token.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { useEffect, type ReactNode } from 'react';
import { isAppError } from '@shared/errors/app-error.ts';
import { Alert, AppLink, Button, Card, LoadingState, usePageTitle } from '@web/ui/index.ts';
import { DEFAULT_TIME_ZONE, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { signOut } from '@web/lib/supabase/index.ts';
import { AUTH_PATHS, useSession } from '@web/features/auth/index.ts';
import { formatLongDate, formatShortDateTime } from '../internal/format.ts';
import { forgetInvitationToken, keepInvitationToken, readKeptInvitationToken } from '../internal/invitation-token.ts';
import { ROLE_LABEL_KEY } from '../internal/labels.ts';
import type { InvitationPreview } from '../internal/types.ts';
import { acceptInvitation, FAIL_FAST_OFFLINE } from '../mutations.ts';
import { myTenantsQuery, invitationPreviewQuery, tenancyKeys } from '../queries.ts';
import { useTenantSelection } from '../store.ts';
import { TENANCY_PATHS } from '../routes.tsx';

/** One centred card titled like the page (as the auth screens). */
function InvitationCard({
  title,
  footer,
  children,
}: {
  readonly title: string;
  readonly footer?: ReactNode;
  readonly children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="auth-layout">
      <Card headingLevel={1} isNarrow title={title} footer={footer}>
        {children}
      </Card>
    </div>
  );
}

function Pending() {
  const { t } = useTranslation();
  usePageTitle(t('tenancy.invitation.title'));
  return <LoadingState label={t('tenancy.invitation.loading')} />;
}

/** The token of the link that opened this page, moved out of the address bar (kept for reloads). */
function useInvitationToken(): string {
  const location = useLocation();
  const navigate = useNavigate();
  const fromUrl = new URLSearchParams(location.search).get('token')?.trim() ?? '';

  useEffect(() => {
    if (!fromUrl) return;
    keepInvitationToken(fromUrl);
    // Replaces the history entry: the token is not in the address bar, history or Referer.
    const search = new URLSearchParams(location.search);
    search.delete('token');
    const rest = search.toString();
    void navigate(
      { pathname: location.pathname, search: rest ? `?${rest}` : '', hash: location.hash },
      { replace: true, state: location.state as unknown },
    );
  }, [fromUrl, location.pathname, location.search, location.hash, location.state, navigate]);

  // Once out of the address bar, the kept copy (this tab's memory, or sessionStorage after a reload).
  return fromUrl || readKeptInvitationToken() || '';
}

export function InvitationPage() {
  const token = useInvitationToken();
  if (!token) return <MissingToken />;
  return <Invitation token={token} />;
}

function MissingToken() {
  const { t } = useTranslation();
  return (
    <InvitationCard title={t('tenancy.invitation.missingTitle')} footer={<HomeOrSignInLink />}>
      <Alert tone="error">{t('tenancy.invitation.missing')}</Alert>
    </InvitationCard>
  );
}

function HomeOrSignInLink() {
  const { t } = useTranslation();
  const session = useSession();
  return session.status === 'signed-in' ? (
    <AppLink to="/">{t('tenancy.invitation.goHome')}</AppLink>
  ) : (
    <AppLink to={AUTH_PATHS.signIn}>{t('tenancy.invitation.goSignIn')}</AppLink>
  );
}

function Invitation({ token }: { readonly token: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const language = useLanguage();
  const query = useQuery(invitationPreviewQuery(token));

  if (query.isPending && query.fetchStatus === 'paused') {
    return (
      <InvitationCard title={t('tenancy.invitation.title')}>
        <Alert tone="warning">{t('tenancy.common.offlineAction')}</Alert>
      </InvitationCard>
    );
  }
  if (query.isPending) return <Pending />;
  if (query.isError) {
    const isUnknown = isAppError(query.error) && query.error.userMessage === 'errors.rpc.invitation_not_found';
    if (isUnknown) {
      return (
        <InvitationCard title={t('tenancy.invitation.unknownTitle')} footer={<HomeOrSignInLink />}>
          <Alert tone="error">{t('tenancy.invitation.unknown')}</Alert>
        </InvitationCard>
      );
    }
    return (
      <InvitationCard title={t('tenancy.invitation.failedTitle')} footer={<HomeOrSignInLink />}>
        <Alert
          tone="error"
          actions={
            <Button variant="secondary" size="small" isBusy={query.isFetching} onClick={() => void query.refetch()}>
              {t('tenancy.common.retry')}
            </Button>
          }
        >
          {translateError(query.error)}
        </Alert>
      </InvitationCard>
    );
  }

  const invitation = query.data;
  const tenant = invitation.tenant_name;
  switch (invitation.status) {
    case 'accepted':
      return (
        <InvitationCard title={t('tenancy.invitation.acceptedTitle')} footer={<HomeOrSignInLink />}>
          <Alert tone="info">{t('tenancy.invitation.accepted', { tenant })}</Alert>
        </InvitationCard>
      );
    case 'revoked':
      return (
        <InvitationCard title={t('tenancy.invitation.revokedTitle')} footer={<HomeOrSignInLink />}>
          <Alert tone="error">{t('tenancy.invitation.revoked', { tenant })}</Alert>
        </InvitationCard>
      );
    case 'expired':
      return (
        <InvitationCard title={t('tenancy.invitation.expiredTitle')} footer={<HomeOrSignInLink />}>
          <Alert tone="error">
            {t('tenancy.invitation.expired', {
              tenant,
              date: formatLongDate(invitation.expires_at, language, DEFAULT_TIME_ZONE),
            })}
          </Alert>
        </InvitationCard>
      );
    case 'pending':
      return <PendingInvitation token={token} invitation={invitation} />;
  }
}

function PendingInvitation({ token, invitation }: { readonly token: string; readonly invitation: InvitationPreview }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const session = useSession();
  const tenant = invitation.tenant_name;
  const role = t(ROLE_LABEL_KEY[invitation.role]);
  // Where sign-up/sign-in return: history state, never the address bar. It carries the token
  // because the confirmation link may open in another tab, which does not share this one's
  // sessionStorage; the page takes it out of the address bar again on arrival.
  const here = `${TENANCY_PATHS.invitation}?token=${encodeURIComponent(token)}`;

  const summary = (
    <>
      <p>
        {invitation.invited_by_name ? (
          <Trans
            i18nKey="tenancy.invitation.body"
            values={{ inviter: invitation.invited_by_name, tenant, role }}
            components={{ strong: <strong /> }}
          />
        ) : (
          <Trans
            i18nKey="tenancy.invitation.bodyNoInviter"
            values={{ tenant, role }}
            components={{ strong: <strong /> }}
          />
        )}
      </p>
      <dl className="details">
        <div className="details__row">
          <dt>{t('tenancy.invitation.invitedEmail')}</dt>
          <dd>{invitation.email}</dd>
        </div>
        <div className="details__row">
          <dt>{t('tenancy.invitation.role')}</dt>
          <dd>{role}</dd>
        </div>
        <div className="details__row">
          <dt>{t('tenancy.invitation.expires')}</dt>
          <dd>
            <time dateTime={invitation.expires_at}>
              {formatShortDateTime(invitation.expires_at, language, DEFAULT_TIME_ZONE)}
            </time>
          </dd>
        </div>
      </dl>
    </>
  );

  if (session.status === 'loading') return <Pending />;

  if (session.status === 'signed-out') {
    return (
      <InvitationCard title={t('tenancy.invitation.heading', { tenant })}>
        {summary}
        <p className="card__subtitle">{t('tenancy.invitation.signedOutHint', { email: invitation.email })}</p>
        {/* The auth pages return to `from` once signed in (the confirmation link too). */}
        <AppLink to={AUTH_PATHS.signUp} state={{ from: here, email: invitation.email }} asButton="primary" isBlock>
          {t('tenancy.invitation.createAccount')}
        </AppLink>
        <AppLink to={AUTH_PATHS.signIn} state={{ from: here, email: invitation.email }} asButton="secondary" isBlock>
          {t('tenancy.invitation.signIn')}
        </AppLink>
      </InvitationCard>
    );
  }

  const currentEmail = session.user.email ?? '';
  if (currentEmail.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <OtherAccount tenant={tenant} currentEmail={currentEmail} invitedEmail={invitation.email} summary={summary} />
    );
  }
  return <JoinInvitation token={token} tenant={tenant} userId={session.user.id} summary={summary} />;
}

function OtherAccount({
  tenant,
  currentEmail,
  invitedEmail,
  summary,
}: {
  readonly tenant: string;
  readonly currentEmail: string;
  readonly invitedEmail: string;
  readonly summary: ReactNode;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  // Once signed out, this page shows the signed-out choices (the app drops the previous user's data).
  const mutation = useMutation({ ...FAIL_FAST_OFFLINE, mutationFn: () => signOut() });
  return (
    <InvitationCard title={t('tenancy.invitation.heading', { tenant })}>
      {summary}
      <Alert tone="warning" title={t('tenancy.invitation.otherAccountTitle')}>
        <Trans
          i18nKey="tenancy.invitation.otherAccount"
          values={{ current: currentEmail, invited: invitedEmail }}
          components={{ strong: <strong /> }}
        />
      </Alert>
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      <Button isBlock isBusy={mutation.isPending} onClick={() => mutation.mutate()}>
        {mutation.isPending ? t('tenancy.invitation.signingOut') : t('tenancy.invitation.signOut')}
      </Button>
    </InvitationCard>
  );
}

function JoinInvitation({
  token,
  tenant,
  userId,
  summary,
}: {
  readonly token: string;
  readonly tenant: string;
  readonly userId: string;
  readonly summary: ReactNode;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const selectTenant = useTenantSelection((state) => state.selectTenant);
  const mutation = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: () => acceptInvitation(token),
    onSuccess: async ({ tenant_id }) => {
      forgetInvitationToken();
      selectTenant(userId, tenant_id);
      // Home must see the new company at once, or it would send a first-time user to onboarding.
      await queryClient.fetchQuery({ ...myTenantsQuery(userId, true), staleTime: 0 });
      await queryClient.invalidateQueries({ queryKey: tenancyKeys.invitation(token) });
      void navigate('/', { replace: true });
    },
  });
  const isAlreadyMember = isAppError(mutation.error) && mutation.error.userMessage === 'errors.rpc.already_member';
  return (
    <InvitationCard
      title={t('tenancy.invitation.heading', { tenant })}
      footer={isAlreadyMember ? <HomeOrSignInLink /> : undefined}
    >
      {summary}
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      <Button isBlock isBusy={mutation.isPending} onClick={() => mutation.mutate()}>
        {mutation.isPending ? t('tenancy.invitation.joining') : t('tenancy.invitation.join', { tenant })}
      </Button>
    </InvitationCard>
  );
}
