/**
 * Public surface of the sync UI (F3): the replica's lifecycle for the shell, the status in the
 * header, the initial-sync banner, "À traiter" and its navigation item.
 */
export { SYNC_PATHS, syncRoutes } from './routes.tsx';
export { ReplicaLifecycle, useReplicaLifecycle } from './hooks/use-replica-lifecycle.ts';
export { useSyncNavigation } from './hooks/use-sync-navigation.tsx';
export { SyncStatus } from './components/sync-status.tsx';
export { InitialSyncBanner } from './components/initial-sync-banner.tsx';
