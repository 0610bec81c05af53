/**
 * Root layout: header (brand, sync status, company, language, sign-out), offline, initial-sync
 * and update banners, the main navigation once signed in (a sidebar on wide screens, a compact
 * menu on phones, showing only what the user's role can use), the page, and the toast (undo).
 * Signed in, it opens the local replica of the active company (ReplicaLifecycle).
 */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  AppNav,
  AppShell,
  HomeIcon,
  LanguageSwitch,
  OfflineBanner,
  ToastProvider,
  UserIcon,
  type NavItem,
} from '@web/ui/index.ts';
import { SignOutButton, useSession } from '../features/auth/index.ts';
import { ACCOUNT_PATHS } from '../features/account/index.ts';
import { TenantSwitcher, useTenancyNavigation } from '../features/tenancy/index.ts';
import { useCrmNavigation } from '../features/crm/index.ts';
import { InitialSyncBanner, ReplicaLifecycle, SyncStatus, useSyncNavigation } from '../features/sync/index.ts';
import { UpdatePrompt } from './update-prompt.tsx';

function MainNavigation() {
  const { t } = useTranslation();
  const { tenantItems, operatorItem } = useTenancyNavigation();
  const crmItems = useCrmNavigation();
  const attentionItem = useSyncNavigation();
  const items: NavItem[] = [
    { to: '/', label: t('tenancy.nav.home'), icon: <HomeIcon /> },
    ...crmItems,
    // "À traiter" only matters once something was refused, or for those who can write.
    ...(crmItems.length > 0 || (attentionItem.badge ?? 0) > 0 ? [attentionItem] : []),
    ...tenantItems,
    { to: ACCOUNT_PATHS.profile, label: t('tenancy.nav.profile'), icon: <UserIcon /> },
    ...(operatorItem ? [operatorItem] : []),
  ];
  return <AppNav label={t('tenancy.nav.label')} menuLabel={t('tenancy.nav.menu')} items={items} />;
}

export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const previousPath = useRef(location.pathname);
  const isSignedIn = session.status === 'signed-in';
  const { t } = useTranslation();
  // The auth pages (callback, sign-in) finish a session change first: no syncing meanwhile.
  const isReplicaWanted = isSignedIn && !location.pathname.startsWith('/auth/');

  useEffect(() => {
    // After a client-side navigation, start screen readers and keyboard users at the new page.
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <ToastProvider dismissLabel={t('ui.dismiss')}>
      {isReplicaWanted ? <ReplicaLifecycle /> : null}
      <AppShell
        headerActions={
          <>
            {isSignedIn ? <SyncStatus /> : null}
            {isSignedIn ? <TenantSwitcher /> : null}
            <LanguageSwitch />
            {isSignedIn ? <SignOutButton /> : null}
          </>
        }
        banners={
          <>
            <OfflineBanner />
            {isSignedIn ? <InitialSyncBanner /> : null}
            <UpdatePrompt />
          </>
        }
        navigation={isSignedIn ? <MainNavigation /> : undefined}
      >
        <Outlet />
      </AppShell>
    </ToastProvider>
  );
}
