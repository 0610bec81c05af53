/**
 * The top of home for those who sell (the roles that may create opportunities): quick actions
 * (log a call in two taps, a new task, a new opportunity), today's tasks, the hottest
 * opportunities by score and recent activity — all read from the local replica, so the screen
 * works in a tunnel. Managers and above follow the team's activity; a salesperson their own.
 */
import { useTranslation } from 'react-i18next';
import { canAct, getGrant } from '@shared/permissions/matrix.ts';
import { AppLink, Card, PlusIcon } from '@web/ui/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { HotOpportunities, PIPELINE_PATHS } from '@web/features/pipeline/index.ts';
import { MyDayTasks, TASKS_PATHS } from '@web/features/tasks/index.ts';
import { QuickCallSheet, RecentActivity } from '@web/features/activities/index.ts';
import './home.css';

const HOME_LIST_LIMIT = 5;

export function SalesHome() {
  const { t } = useTranslation();
  const { tenant } = useCurrentTenant();
  // Those who sell may create opportunities; a technician or a member keeps the plain home.
  if (!tenant || !canAct(tenant.role, 'opportunities', 'create')) return null;
  // Whoever may update every opportunity (owner, admin, manager) runs the team: the team's activity.
  const isTeamView = getGrant(tenant.role, 'opportunities', 'update') === 'allow';
  return (
    <>
      <div className="grid grid--two">
        <QuickCallSheet />
        <Card title={t('shell.home.quickActions.title')}>
          <div className="home-quick-actions">
            <AppLink to={TASKS_PATHS.taskNew} asButton="secondary">
              <PlusIcon className="button__icon" />
              {t('shell.home.quickActions.newTask')}
            </AppLink>
            <AppLink to={PIPELINE_PATHS.opportunityNew} asButton="secondary">
              <PlusIcon className="button__icon" />
              {t('shell.home.quickActions.newOpportunity')}
            </AppLink>
          </div>
        </Card>
      </div>
      <div className="grid grid--two">
        <MyDayTasks limit={HOME_LIST_LIMIT} />
        <HotOpportunities limit={HOME_LIST_LIMIT} />
      </div>
      <RecentActivity isMineOnly={!isTeamView} />
    </>
  );
}
