/** The frame of every auth screen: one centred card, the page title, optional footer links. */
import type { ReactNode } from 'react';
import { Card, usePageTitle } from '@web/ui/index.ts';
import { getDevMailboxUrl } from '@web/lib/supabase/index.ts';
import { useTranslation } from 'react-i18next';

export type AuthCardProps = {
  readonly title: string;
  readonly subtitle?: string;
  readonly footer?: ReactNode;
  readonly children: ReactNode;
};

export function AuthCard({ title, subtitle, footer, children }: AuthCardProps) {
  usePageTitle(title);
  return (
    <div className="auth-layout">
      <Card headingLevel={1} isNarrow title={title} subtitle={subtitle} footer={footer}>
        {children}
      </Card>
    </div>
  );
}

/** Local stand-in only: a shortcut to the dev mailbox where confirmation and magic links land. */
export function DevMailboxLink() {
  const { t } = useTranslation();
  const url = getDevMailboxUrl();
  if (!url) return null;
  return (
    <a href={url} target="_blank" rel="noreferrer">
      {/* Opening a tab unannounced disorients screen-reader users (WCAG 3.2.5). */}
      {`${t('auth.devMailbox')} `}
      <span className="visually-hidden">{t('ui.newTab')}</span>
    </a>
  );
}
