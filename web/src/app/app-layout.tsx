/**
 * Root layout: header (brand, sync status, notifications, company, language, sign-out), offline,
 * initial-sync and update banners, the main navigation once signed in (a sidebar on wide
 * screens, a bottom tab bar with a "More" sheet on phones, showing only what the user's role can
 * use), the page, and the toast (undo). Signed in, it opens the local replica of the active
 * company (ReplicaLifecycle).
 */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import {
  AppNav,
  AppShell,
  HomeIcon,
  LanguageSwitch,
  OfflineBanner,
  SettingsIcon,
  ToastProvider,
  UserIcon,
  type NavItem,
} from '@web/ui/index.ts';
import { BellIcon } from '@web/ui/shell-icons.tsx';
import { SignOutButton, useSession } from '../features/auth/index.ts';
import { ACCOUNT_PATHS } from '../features/account/index.ts';
import { TenantSwitcher, useCurrentTenant, useTenancyNavigation } from '../features/tenancy/index.ts';
import { CRM_PATHS, useCrmNavigation } from '../features/crm/index.ts';
import { InitialSyncBanner, ReplicaLifecycle, SyncStatus, useSyncNavigation } from '../features/sync/index.ts';
import { PIPELINE_PATHS, usePipelineNavigation } from '../features/pipeline/index.ts';
import { ReminderCenter, TASKS_PATHS, useTasksNavigation } from '../features/tasks/index.ts';
import { useActivitiesNavigation } from '../features/activities/index.ts';
import { NOTIFICATIONS_PATH, NotificationBell } from '../features/notifications/index.ts';
import { SCORING_PATHS } from '../features/scoring/index.ts';
import { HOME_PATH } from '../features/home/index.ts';
import { UpdatePrompt } from './update-prompt.tsx';

/** The sections a field salesperson uses all day: a tab each on phones (the rest is under "More"). */
const TAB_PATHS = [HOME_PATH, PIPELINE_PATHS.board, CRM_PATHS.contacts, TASKS_PATHS.tasks] as const;

/**
 * The scoring weights page, for the roles that may change them (the pipeline's stage settings
 * are a button on the pipeline page itself).
 */
function useScoringSettingsItems(): NavItem[] {
  const { t } = useTranslation();
  const { tenant } = useCurrentTenant();
  if (!tenant || !canAct(tenant.role, 'scoring_models', 'update')) return [];
  return [{ to: SCORING_PATHS.settings, label: t('shell.nav.scoringSettings'), icon: <SettingsIcon /> }];
}

function MainNavigation() {
  const { t } = useTranslation();
  const { tenantItems, operatorItem } = useTenancyNavigation();
  const crmItems = useCrmNavigation();
  const pipelineItems = usePipelineNavigation();
  const tasksItems = useTasksNavigation();
  const activitiesItems = useActivitiesNavigation();
  const attentionItem = useSyncNavigation();
  const settingsItems = useScoringSettingsItems();
  const canWrite = crmItems.length > 0 || pipelineItems.length > 0 || tasksItems.length > 0;
  const items: NavItem[] = [
    { to: HOME_PATH, label: t('tenancy.nav.home'), icon: <HomeIcon /> },
    ...pipelineItems,
    ...crmItems,
    ...tasksItems,
    ...activitiesItems,
    // The header's bell says how many are unread; on phones the list is also one tap from "More".
    { to: NOTIFICATIONS_PATH, label: t('tasks.notifications.bell'), icon: <BellIcon /> },
    // "À traiter" only matters once something was refused, or for those who can write.
    ...(canWrite || (attentionItem.badge ?? 0) > 0 ? [attentionItem] : []),
    ...tenantItems,
    ...settingsItems,
    { to: ACCOUNT_PATHS.profile, label: t('tenancy.nav.profile'), icon: <UserIcon /> },
    ...(operatorItem ? [operatorItem] : []),
  ];
  return (
    <AppNav
      label={t('tenancy.nav.label')}
      menuLabel={t('tenancy.nav.menu')}
      moreLabel={t('shell.nav.more')}
      items={items}
      tabPaths={TAB_PATHS}
      moreExtras={
        <>
          <LanguageSwitch />
          <SignOutButton />
        </>
      }
    />
  );
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
          isSignedIn ? (
            <>
              <SyncStatus />
              <NotificationBell />
              <TenantSwitcher />
              {/* On phones these two live in the navigation's "More" sheet: the header is too narrow. */}
              <div className="app-header__wide">
                <LanguageSwitch />
                <SignOutButton />
              </div>
            </>
          ) : (
            <LanguageSwitch />
          )
        }
        banners={
          <>
            <OfflineBanner />
            {isSignedIn ? <InitialSyncBanner /> : null}
            {isSignedIn ? <ReminderCenter /> : null}
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
