/**
 * Root layout: header (brand, company, language, sign-out), offline and update banners, the
 * main navigation once signed in (a sidebar on wide screens, a compact menu on phones, showing
 * only what the user's role can use), and the page.
 */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppNav, AppShell, HomeIcon, LanguageSwitch, OfflineBanner, UserIcon, type NavItem } from '@web/ui/index.ts';
import { SignOutButton, useSession } from '../features/auth/index.ts';
import { ACCOUNT_PATHS } from '../features/account/index.ts';
import { TenantSwitcher, useTenancyNavigation } from '../features/tenancy/index.ts';
import { UpdatePrompt } from './update-prompt.tsx';

function MainNavigation() {
  const { t } = useTranslation();
  const { tenantItems, operatorItem } = useTenancyNavigation();
  const items: NavItem[] = [
    { to: '/', label: t('tenancy.nav.home'), icon: <HomeIcon /> },
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

  useEffect(() => {
    // After a client-side navigation, start screen readers and keyboard users at the new page.
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <AppShell
      headerActions={
        <>
          {isSignedIn ? <TenantSwitcher /> : null}
          <LanguageSwitch />
          {isSignedIn ? <SignOutButton /> : null}
        </>
      }
      banners={
        <>
          <OfflineBanner />
          <UpdatePrompt />
        </>
      }
      navigation={isSignedIn ? <MainNavigation /> : undefined}
    >
      <Outlet />
    </AppShell>
  );
}
