/** The "À traiter" navigation item, with the number of refused writes as its badge. */
import { useTranslation } from 'react-i18next';
import { useSyncState } from '@web/lib/db/index.ts';
import { AlertIcon, type NavItem } from '@web/ui/index.ts';
import { SYNC_PATHS } from '../routes.tsx';

export function useSyncNavigation(): NavItem {
  const { t } = useTranslation();
  const { rejections } = useSyncState();
  return {
    to: SYNC_PATHS.attention,
    label: t('crm.nav.attention'),
    icon: <AlertIcon />,
    badge: rejections,
    badgeLabel: t('crm.nav.attentionBadge', { count: rejections }),
  };
}
