/**
 * Public surface of the activities feature (V1): the unified timeline of a record, quick actions
 * (two-tap call, quick note, next step), the home screen's call sheet and recent activity, the
 * team feed (/activite) and a client's feed.
 */
export { activitiesRoutes, ACTIVITIES_PATHS } from './routes.tsx';
export { buildClientFeedPath } from './paths.ts';
export { useActivitiesNavigation } from './hooks/use-activities-navigation.tsx';
export { Timeline, type TimelineProps } from './components/timeline.tsx';
export { QuickActions, type QuickActionsProps } from './components/quick-actions.tsx';
export { QuickCallSheet } from './components/quick-call-sheet.tsx';
export { RecentActivity, type RecentActivityProps } from './components/recent-activity.tsx';
export { ClientFeed } from './components/client-feed.tsx';
export type { TimelineRecord } from './internal/timeline.ts';
