/**
 * The profile page against the real supabase-js client (fetch faked): French phone formats are
 * saved in E.164, a number it cannot read is refused without losing it, the saved language
 * switches the app, and "download my data" saves the export as a JSON file.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { i18n } from '@web/i18n/index.ts';
import { en } from '@web/i18n/locales/en.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  answerJson,
  installFakeFetch,
  routeUser,
  storeSession,
  SUPABASE_URL,
  USER_ID,
  type FakeRequest,
} from '../fixtures/fake-supabase.ts';
import { ProfilePage } from './profile-page.tsx';

vi.mock('@web/features/tenancy/index.ts', () => ({
  TENANCY_PATHS: { team: '/equipe' },
  useCurrentTenant: () => ({ tenant: null, tenants: [], isLoading: false, switchTenant: () => undefined }),
}));

const PROFILE = {
  user_id: USER_ID,
  display_name: 'Marc Durand',
  avatar_path: null,
  phone: null,
  preferred_language: 'fr',
  created_at: '2026-11-01T08:00:00Z',
  updated_at: '2026-11-01T08:00:00Z',
};

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** get_my_profile and update_my_profile backed by one row, as the database would. */
function installProfileBackend(): FakeRequest[] {
  let row = { ...PROFILE };
  let version = 0;
  return installFakeFetch([
    routeUser([]),
    ({ method, url }) =>
      method === 'POST' && url === `${SUPABASE_URL}/rest/v1/rpc/get_my_profile` ? answerJson(200, row) : undefined,
    ({ method, url, init }) => {
      if (method !== 'POST' || url !== `${SUPABASE_URL}/rest/v1/rpc/update_my_profile`) return undefined;
      const { p_changes: changes } = JSON.parse(String(init?.body)) as { p_changes: Partial<typeof PROFILE> };
      version += 1;
      row = { ...row, ...changes, updated_at: `2026-11-21T10:00:0${version}Z` };
      return answerJson(200, row);
    },
  ]);
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/profil']}>
        <ProfilePage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

function readProfileChanges(requests: readonly FakeRequest[]): Record<string, unknown>[] {
  return requests
    .filter((request) => request.url.endsWith('/rpc/update_my_profile'))
    .map((request) => (JSON.parse(String(request.init?.body)) as { p_changes: Record<string, unknown> }).p_changes);
}

beforeAll(() => {
  storeSession('aal1');
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

beforeEach(() => {
  storeSession('aal1');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('ProfilePage', () => {
  it('saves a phone typed the French way in E.164, and shows it back the French way', async () => {
    const requests = installProfileBackend();
    const user = renderPage();

    const phone = await screen.findByLabelText(fr.account.profile.fields.phone);
    await user.type(phone, '06.12.34.56.78');
    await user.click(screen.getByRole('button', { name: fr.account.profile.save }));

    expect(await screen.findByText(fr.account.profile.saved)).toBeInTheDocument();
    expect(readProfileChanges(requests)).toEqual([
      { display_name: 'Marc Durand', phone: '+33612345678', preferred_language: 'fr' },
    ]);
    expect(screen.getByLabelText(fr.account.profile.fields.phone)).toHaveValue('06 12 34 56 78');
  });

  it('refuses a number it cannot read, keeps it as typed and sends nothing', async () => {
    const requests = installProfileBackend();
    const user = renderPage();

    const phone = await screen.findByLabelText(fr.account.profile.fields.phone);
    await user.type(phone, '06 12 34 56');
    await user.click(screen.getByRole('button', { name: fr.account.profile.save }));

    expect(phone).toHaveAccessibleDescription(
      `${fr.account.profile.fields.phoneHint} ${fr.account.profile.validation.phoneInvalid}`,
    );
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveFocus();
    expect(phone).toHaveValue('06 12 34 56');
    expect(readProfileChanges(requests)).toEqual([]);
  });

  it('switches the app to the preferred language once saved', async () => {
    const requests = installProfileBackend();
    const user = renderPage();

    await user.selectOptions(await screen.findByLabelText(fr.account.profile.fields.language), 'en');
    // Not before saving: the select alone does not change the app.
    expect(i18n.language).toBe('fr');
    await user.click(screen.getByRole('button', { name: fr.account.profile.save }));

    expect(await screen.findByRole('heading', { level: 1, name: en.account.profile.title })).toBeInTheDocument();
    expect(i18n.language).toBe('en');
    expect(readProfileChanges(requests)[0]).toMatchObject({ preferred_language: 'en' });
  });

  it('downloads everything the server keeps about me as a JSON file', async () => {
    const exported = { exported_at: '2026-11-21T10:00:00Z', account: { id: USER_ID } };
    installFakeFetch([
      routeUser([]),
      ({ url }) => (url.endsWith('/rpc/get_my_profile') ? answerJson(200, PROFILE) : undefined),
      ({ url }) => (url.endsWith('/rpc/export_my_data') ? answerJson(200, exported) : undefined),
    ]);
    const blobs: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:export') }));
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const user = renderPage();

    const card = (await screen.findByRole('heading', { name: fr.account.export.title })).closest('section');
    await user.click(within(card as HTMLElement).getByRole('button', { name: fr.account.export.download }));

    const fileName = `comptoir-mes-donnees-${new Date().toISOString().slice(0, 10)}.json`;
    expect(await screen.findByText(plain(`Fichier téléchargé\u00a0: ${fileName}`))).toBeInTheDocument();
    expect(clicked.map((link) => [link.download, link.getAttribute('href')])).toEqual([[fileName, 'blob:export']]);
    expect(JSON.parse(await (blobs[0] as Blob).text())).toEqual(exported);
  });
});
