/** Page structure: the app shell (skip link, header, banners, main), cards and page headings. */
import { useEffect, useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LogoMark } from './icons.tsx';

export type AppShellProps = {
  /** Right-hand side of the header (language switch, account menu). */
  readonly headerActions?: ReactNode;
  /** Full-width banners under the header (offline, update available). */
  readonly banners?: ReactNode;
  /** Where the logo leads. */
  readonly homeHref?: string;
  /** Main navigation (AppNav): a sidebar on wide screens, a bottom tab bar on phones. */
  readonly navigation?: ReactNode;
  readonly children: ReactNode;
};

export function AppShell({ headerActions, banners, homeHref = '/', navigation, children }: AppShellProps) {
  const { t } = useTranslation();
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link className="brand" to={homeHref}>
          <LogoMark className="brand__logo" />
          <span>{t('app.name')}</span>
        </Link>
        <div className="app-header__spacer" />
        {headerActions}
      </header>
      <div className="banner-stack">{banners}</div>
      {navigation ? (
        <div className="app-body">
          {navigation}
          <main id="main" className="app-main app-main--with-nav" tabIndex={-1}>
            {children}
          </main>
        </div>
      ) : (
        <main id="main" className="app-main" tabIndex={-1}>
          {children}
        </main>
      )}
    </div>
  );
}

export type CardProps = {
  readonly title?: ReactNode;
  readonly subtitle?: ReactNode;
  /** Right of the title (e.g. a refresh button). */
  readonly titleAction?: ReactNode;
  readonly headingLevel?: 1 | 2;
  readonly isNarrow?: boolean;
  readonly footer?: ReactNode;
  readonly children?: ReactNode;
};

export function Card({ title, subtitle, titleAction, headingLevel = 2, isNarrow, footer, children }: CardProps) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const headingId = useId();
  return (
    <section className={isNarrow ? 'card card--narrow' : 'card'} aria-labelledby={title ? headingId : undefined}>
      {title ? (
        <div className="card__header">
          <div className="card__title-row">
            <Heading id={headingId}>{title}</Heading>
            {titleAction}
          </div>
          {subtitle ? <p className="card__subtitle">{subtitle}</p> : null}
        </div>
      ) : null}
      {children}
      {footer ? <div className="card__footer">{footer}</div> : null}
    </section>
  );
}

export function PageHeader({ title, intro }: { readonly title: ReactNode; readonly intro?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {intro ? <p>{intro}</p> : null}
    </div>
  );
}

/** Sets the document title as "<page> · Comptoir" (what tabs, history and screen readers show). */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const appName = t('app.name');
  useEffect(() => {
    document.title = title && title !== appName ? `${title} · ${appName}` : appName;
  }, [title, appName]);
}
