-- Tombstones older than the retention horizon (private.sync_settings, 30 days) are purged nightly;
-- a replica whose cursor is older than the horizon gets `reset` and keeps its unsent writes
-- (docs/sync.md). pg_cron must be enabled first (README, "Deploy"); locally the stand-in's
-- scheduler runs the same cron.job row.
select cron.schedule('purge-sync-tombstones', '17 3 * * *', 'select private.purge_sync_tombstones()');
