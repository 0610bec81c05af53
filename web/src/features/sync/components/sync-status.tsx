/**
 * The sync status, always in the header: a short label (up to date, syncing, offline with the
 * number of changes waiting, error) that opens a panel with the details — connection, pending
 * changes, last sync, the last error — "Synchroniser maintenant", and a link to "À traiter"
 * when the server refused changes. The label is a live region: changes are announced politely.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestSync, useSyncState, type SyncState } from '@web/lib/db/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { AlertIcon, AppLink, Button, CheckIcon, OfflineIcon, RefreshIcon, Spinner, useNow } from '@web/ui/index.ts';
import { formatRelativeTime } from '../internal/relative-time.ts';
import { SYNC_PATHS } from '../routes.tsx';
import './sync.css';

type Tone = 'ok' | 'busy' | 'offline' | 'error' | 'attention';

function getTone(state: SyncState): Tone {
  if (state.rejections > 0) return 'attention';
  if (!state.online || state.phase === 'offline') return 'offline';
  if (state.phase === 'error' || state.errorKey) return 'error';
  if (state.phase === 'initial' || state.phase === 'syncing' || state.pending > 0) return 'busy';
  return 'ok';
}

/** The engine's error message (sync.errors.*), or a generic one if this build does not know it. */
function useSyncErrorText(errorKey: string | null): string | null {
  const { t, i18n } = useTranslation();
  if (!errorKey) return null;
  return i18n.exists(errorKey) ? String(t(errorKey as never)) : t('crm.status.error');
}

export function SyncStatus() {
  const { t } = useTranslation();
  const language = useLanguage();
  const state = useSyncState();
  const now = useNow();
  const [isOpen, setIsOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const errorText = useSyncErrorText(state.errorKey);
  const tone = getTone(state);

  useEffect(() => {
    if (!isOpen) return undefined;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsOpen(false);
      toggleRef.current?.focus();
    };
    const closeOnOutside = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener('keydown', closeOnEscape);
    document.addEventListener('pointerdown', closeOnOutside);
    return () => {
      document.removeEventListener('keydown', closeOnEscape);
      document.removeEventListener('pointerdown', closeOnOutside);
    };
  }, [isOpen]);

  const summary =
    tone === 'attention'
      ? t('crm.nav.attentionBadge', { count: state.rejections })
      : tone === 'offline'
        ? state.pending > 0
          ? `${t('crm.status.offline')} · ${t('crm.status.pending', { count: state.pending })}`
          : t('crm.status.offline')
        : tone === 'error'
          ? t('crm.status.error')
          : state.phase === 'initial'
            ? t('crm.status.initial')
            : tone === 'busy'
              ? state.pending > 0
                ? t('crm.status.pending', { count: state.pending })
                : t('crm.status.syncing')
              : state.phase === 'stopped'
                ? t('crm.status.stopped')
                : t('crm.status.upToDate');

  const Icon = tone === 'ok' ? CheckIcon : tone === 'offline' ? OfflineIcon : tone === 'busy' ? null : AlertIcon;

  return (
    <div ref={rootRef} className="sync-status">
      <button
        ref={toggleRef}
        type="button"
        className={`sync-status__toggle sync-status__toggle--${tone}`}
        aria-expanded={isOpen}
        aria-controls={panelId}
        aria-label={`${t('crm.status.label')}\u00a0: ${summary}`}
        onClick={() => setIsOpen((open) => !open)}
      >
        {Icon ? <Icon className="sync-status__icon" /> : <Spinner />}
        <span className="sync-status__summary" role="status" aria-live="polite">
          {summary}
        </span>
      </button>
      {isOpen ? (
        <div id={panelId} className="sync-status__panel" role="group" aria-label={t('crm.status.label')}>
          <ul className="sync-status__lines">
            <li>{state.online ? t('crm.status.online') : t('crm.status.offline')}</li>
            <li>
              {state.lastSyncedAt
                ? t('crm.status.lastSync', { when: formatRelativeTime(state.lastSyncedAt, now, language) })
                : t('crm.status.never')}
            </li>
            {state.pending > 0 ? <li>{t('crm.status.pending', { count: state.pending })}</li> : null}
          </ul>
          {!state.online ? <p className="sync-status__hint">{t('crm.status.offlineHint')}</p> : null}
          {errorText ? (
            <p className="sync-status__error" role="alert">
              {errorText}
            </p>
          ) : null}
          <div className="sync-status__actions">
            <Button
              variant="secondary"
              size="small"
              onClick={() => {
                requestSync();
              }}
            >
              <RefreshIcon className="button__icon" />
              {t('crm.status.syncNow')}
            </Button>
            {state.rejections > 0 ? (
              <AppLink to={SYNC_PATHS.attention} asButton="primary">
                {t('crm.status.openAttention')}
              </AppLink>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
