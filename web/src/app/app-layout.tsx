/** Root layout: header (brand, language, sign-out), offline and update banners, the page. */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { AppShell, LanguageSwitch, OfflineBanner } from '@web/ui/index.ts';
import { SignOutButton, useSession } from '../features/auth/index.ts';
import { TenantSwitcher } from '../features/tenancy/index.ts';
import { UpdatePrompt } from './update-prompt.tsx';

export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const previousPath = useRef(location.pathname);

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
          {session.status === 'signed-in' ? <TenantSwitcher /> : null}
          <LanguageSwitch />
          {session.status === 'signed-in' ? <SignOutButton /> : null}
        </>
      }
      banners={
        <>
          <OfflineBanner />
          <UpdatePrompt />
        </>
      }
    >
      <Outlet />
    </AppShell>
  );
}
