/** The states around a list: first sync in progress, nothing yet, nothing matching. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncState } from '@web/lib/db/index.ts';
import { Button } from '@web/ui/index.ts';
import { RecordListSkeleton } from './record-list.tsx';

/** 0..100, rounded down. */
function computePercent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}

export function InitialSyncRows({ sync, label }: { readonly sync: SyncState; readonly label: string }) {
  const { t } = useTranslation();
  const progress = sync.progress;
  return (
    <RecordListSkeleton label={label}>
      <div className="list-progress" role="status" aria-live="polite">
        <p>
          {progress
            ? t('crm.list.initialSync', {
                done: progress.done,
                total: progress.total,
                percent: computePercent(progress.done, progress.total),
              })
            : t('crm.list.initialSyncStarting')}
        </p>
        <progress
          className="list-progress__bar"
          max={progress?.total || 1}
          value={progress?.done ?? 0}
          aria-label={t('crm.initialSync.title')}
        />
      </div>
    </RecordListSkeleton>
  );
}

export function EmptyList({
  title,
  body,
  actions,
}: {
  readonly title: string;
  readonly body: string;
  readonly actions?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      <p>{body}</p>
      {actions ? <div className="form-actions">{actions}</div> : null}
    </div>
  );
}

export function NoResults({ onClear }: { readonly onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyList
      title={t('crm.list.noResultsTitle')}
      body={t('crm.list.noResultsBody')}
      actions={
        <Button variant="secondary" onClick={onClear}>
          {t('crm.list.clearFilters')}
        </Button>
      }
    />
  );
}
