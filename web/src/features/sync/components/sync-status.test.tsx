/**
 * The header's sync status, with the engine's state faked: it says in words whether the device
 * is up to date, offline with changes waiting, or has refused changes, and its panel syncs on
 * demand and leads to "À traiter".
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import type { SyncState } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { InitialSyncBanner } from './initial-sync-banner.tsx';
import { SyncStatus } from './sync-status.tsx';

const engine = vi.hoisted(() => ({
  state: {} as SyncState,
  requestSync: vi.fn(),
}));

vi.mock('@web/lib/db/index.ts', () => ({
  useSyncState: () => engine.state,
  requestSync: engine.requestSync,
}));

const IDLE: SyncState = {
  phase: 'idle',
  online: true,
  pending: 0,
  rejections: 0,
  lastSyncedAt: new Date(Date.now() - 120_000).toISOString(),
  errorKey: null,
  progress: null,
  isLeader: true,
};

const text = fr.crm;
const norm = (message: string) => message.replace(/\s+/g, ' ');

function renderStatus(state: Partial<SyncState>) {
  engine.state = { ...IDLE, ...state };
  render(
    <MemoryRouter>
      <SyncStatus />
      <InitialSyncBanner />
    </MemoryRouter>,
  );
  return userEvent.setup();
}

beforeEach(() => {
  engine.requestSync.mockClear();
});

describe('SyncStatus', () => {
  it('says "À jour" and, opened, when the last sync was; "Synchroniser maintenant" asks for a sync', async () => {
    const user = renderStatus({});
    const toggle = screen.getByRole('button', { name: new RegExp(text.status.upToDate) });
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/Dernière synchronisation il y a 2 minutes/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: text.status.syncNow }));
    expect(engine.requestSync).toHaveBeenCalledTimes(1);
  });

  it('says offline with the number of changes waiting', async () => {
    const user = renderStatus({ online: false, phase: 'offline', pending: 3 });
    const toggle = screen.getByRole('button', { name: /Hors ligne · 3\smodifications en attente/ });
    await user.click(toggle);
    expect(screen.getByText(text.status.offlineHint)).toBeInTheDocument();
  });

  it('points to "À traiter" when the server refused changes', async () => {
    const user = renderStatus({ rejections: 2 });
    await user.click(screen.getByRole('button', { name: /2\smodifications à traiter/ }));
    expect(screen.getByRole('link', { name: text.status.openAttention })).toHaveAttribute('href', '/a-traiter');
  });

  it('shows the initial sync with rows and percent', () => {
    renderStatus({ phase: 'initial', progress: { done: 2500, total: 10_000 } });
    expect(screen.getByText(norm(text.initialSync.title))).toBeInTheDocument();
    expect(screen.getByText(/2500 sur 10000 éléments \(25 %\)/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: text.initialSync.title })).toHaveAttribute('value', '2500');
  });
});
