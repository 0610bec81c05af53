/**
 * Boot: load the runtime configuration, configure Supabase, then render the app. If the
 * configuration cannot be loaded (first visit while offline), show a translated screen with retry.
 */
import { StrictMode } from 'react';
import type { Root } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { Alert, AppShell, Button, LanguageSwitch, LoadingState, OfflineBanner } from '@web/ui/index.ts';
import { i18n } from '@web/i18n/index.ts';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { MemoryRouter } from 'react-router';
import { App } from './app.tsx';
import { loadRuntimeConfig } from './runtime-config.ts';

function BootError({ onRetry }: { readonly onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    // The shell needs a router for its links; the real router is not created yet.
    <MemoryRouter>
      <AppShell headerActions={<LanguageSwitch />} banners={<OfflineBanner />}>
        <div className="auth-layout">
          <div className="card card--narrow">
            <h1>{t('app.bootError.title')}</h1>
            <Alert tone="error">{t('app.bootError.body')}</Alert>
            <Button isBlock onClick={onRetry}>
              {t('app.bootError.retry')}
            </Button>
          </div>
        </div>
      </AppShell>
    </MemoryRouter>
  );
}

export async function bootApp(root: Root): Promise<void> {
  root.render(<LoadingState label={i18n.t('app.loading')} />);
  try {
    const config = await loadRuntimeConfig();
    configureSupabase(config);
  } catch (error) {
    console.error('Could not load the runtime configuration', error);
    root.render(
      <StrictMode>
        <BootError onRetry={() => void bootApp(root)} />
      </StrictMode>,
    );
    return;
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
