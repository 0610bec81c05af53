/** One label/value pair of a record's page; an empty value reads "—". */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function DetailRow({
  label,
  value,
  children,
}: {
  readonly label: string;
  readonly value?: string | null;
  readonly children?: ReactNode;
}) {
  const { t } = useTranslation();
  const content = children ?? (value ? value : null);
  return (
    <div className="details__row">
      <dt>{label}</dt>
      <dd>{content ?? t('crm.common.none')}</dd>
    </div>
  );
}
