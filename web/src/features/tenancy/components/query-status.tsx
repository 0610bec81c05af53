/**
 * What a section shows while its server data is not there: loading, offline (the query waits
 * for the network and resumes by itself), or the failure in words with a retry.
 */
import { useTranslation } from 'react-i18next';
import { Alert, Button, LoadingState } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';

export type QueryLike = {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly isFetching: boolean;
  readonly fetchStatus: 'fetching' | 'paused' | 'idle';
  readonly error: unknown;
  readonly refetch: () => unknown;
};

export type QueryStatusProps = {
  readonly query: QueryLike;
  readonly loadingLabel: string;
  readonly failedTitle: string;
};

export function QueryStatus({ query, loadingLabel, failedTitle }: QueryStatusProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  if (query.isPending && query.fetchStatus === 'paused') {
    return <Alert tone="warning">{t('tenancy.common.offlineAction')}</Alert>;
  }
  if (query.isError) {
    return (
      <Alert
        tone="error"
        title={failedTitle}
        actions={
          <Button variant="secondary" size="small" isBusy={query.isFetching} onClick={() => void query.refetch()}>
            {t('tenancy.common.retry')}
          </Button>
        }
      >
        {translateError(query.error)}
      </Alert>
    );
  }
  if (query.isPending) return <LoadingState label={loadingLabel} />;
  return null;
}
