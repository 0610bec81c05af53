/** "Download my data" (GDPR access/portability): export_my_data as a JSON file; the export is audited. */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { exportDataMutation } from '../queries.ts';
import { downloadJson } from '../internal/download-json.ts';

export function DataExport() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const [fileName, setFileName] = useState<string>();
  const mutation = useMutation({
    ...exportDataMutation,
    onSuccess: (data) => {
      const name = t('account.export.fileName', { date: new Date().toISOString().slice(0, 10) });
      downloadJson(data, name);
      setFileName(name);
    },
  });
  return (
    <Card title={t('account.export.title')} subtitle={t('account.export.body')}>
      {mutation.isError ? <Alert tone="error">{translateError(mutation.error)}</Alert> : null}
      <div role="status">
        {fileName ? <Alert tone="success">{t('account.export.done', { fileName })}</Alert> : null}
      </div>
      <div className="form-actions">
        <Button
          variant="secondary"
          isBusy={mutation.isPending}
          onClick={() => {
            setFileName(undefined);
            mutation.mutate();
          }}
        >
          {mutation.isPending ? t('account.export.downloading') : t('account.export.download')}
        </Button>
      </div>
    </Card>
  );
}
