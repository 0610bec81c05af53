/**
 * Component tests of the replica-backed screens run the real sync engine: a replica in
 * fake-indexeddb syncing with the engine's in-memory server (no network), which seeds the default
 * stages and plays the V1 triggers (stage history, timeline entries, mention and assignment
 * notifications). Only the current tenant and the team are faked, with vi.mock in each test file:
 *
 *   vi.mock('@web/features/tenancy/index.ts', async () =>
 *     (await import('@web/test/replica.tsx')).mockTenancy('sales'));
 *
 * Another member's writes go through a second client of the same server (writeAsMember).
 */
import 'fake-indexeddb/auto';
import type { ReactNode } from 'react';
import { configure, render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { startReplica, stopReplica, syncNow, type ReplicaDb } from '@web/lib/db/index.ts';
import { getReplicaDb } from '@web/lib/db/runtime.ts';
import { createTestClient } from '@web/lib/db/testing/harness.ts';
import { MemoryServer } from '@web/lib/db/testing/memory-server.ts';
import { ToastProvider } from '@web/ui/index.ts';

// Screens read the replica through live queries; on a busy two-core CI machine the first answer
// can take longer than Testing Library's default second.
configure({ asyncUtilTimeout: 5000 });

export const TEST_USER_ID = '019a8f00-0000-7000-8000-0000000000c1';
export const OTHER_USER_ID = '019a8f00-0000-7000-8000-0000000000c2';
export const THIRD_USER_ID = '019a8f00-0000-7000-8000-0000000000c3';
export const TEST_TENANT_ID = '019a8f00-1000-7000-8000-000000000001';

/** The team of the test company (list_members rows, as the screens read them). */
export const TEST_MEMBERS = [
  { user_id: TEST_USER_ID, display_name: 'Lucas Martin', email: 'lucas@exemple.fr', status: 'active' },
  { user_id: OTHER_USER_ID, display_name: 'Sophie Bernard', email: 'sophie@exemple.fr', status: 'active' },
  { user_id: THIRD_USER_ID, display_name: 'Élodie Sanchez', email: 'elodie@exemple.fr', status: 'active' },
] as const;

/** What the mocked useCurrentTenant returns: TEST_USER_ID in Garage du Centre with `role`. */
export function createTestTenantState(role: MatrixRole) {
  const tenant = {
    id: TEST_TENANT_ID,
    name: 'Garage du Centre',
    vertical: 'garage',
    role,
    sessionTimeoutMinutes: 0,
    isMfaRequiredForAdmins: false,
    plan: 'pro',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
  };
  return {
    tenant,
    tenants: [tenant],
    isLoading: false,
    status: 'ready',
    hasNoTenant: false,
    error: null,
    userId: TEST_USER_ID,
    refetch: () => {},
    switchTenant: () => {},
  };
}

export type TestTenantState = ReturnType<typeof createTestTenantState>;

/**
 * The tenancy module as the screens see it in tests: the current tenant (a role, or a state the
 * test changes), and the company's members answered at once (none unless given).
 */
export function mockTenancy(tenant: MatrixRole | TestTenantState, members: readonly object[] = []) {
  const state = typeof tenant === 'string' ? createTestTenantState(tenant) : tenant;
  return {
    useCurrentTenant: () => state,
    TENANCY_PATHS: { onboarding: '/demarrage' },
    membersQuery: (userId: string, tenantId: string) => ({
      queryKey: ['test-members', userId, tenantId],
      queryFn: () => Promise.resolve(members),
    }),
  };
}

/**
 * The tasks feature's team query as the screens see it in tests (vi.mock of
 * '@web/features/tasks/queries.ts'): `members` answered at once, nothing kept on the device.
 */
export function mockTeamQueries(members: readonly object[] = []) {
  return {
    teamMembersQuery: (userId: string, tenantId: string) => ({
      queryKey: ['test-team', userId, tenantId],
      queryFn: () => Promise.resolve(members),
    }),
    writeCachedTeam: () => {},
  };
}

let server: MemoryServer | undefined;

/** Opens a fresh replica for TEST_USER_ID on an in-memory server and pulls the default stages. */
export async function startTestReplica(): Promise<{ server: MemoryServer }> {
  server = new MemoryServer(TEST_TENANT_ID, {
    userId: TEST_USER_ID,
    members: TEST_MEMBERS.map((member) => member.user_id),
  });
  await startReplica({
    userId: TEST_USER_ID,
    tenantId: TEST_TENANT_ID,
    transport: server.createTransport(),
    subscribePokes: () => Promise.resolve(() => {}),
    uploadBlob: () => Promise.resolve(),
  });
  await syncNow();
  return { server };
}

/** Stops syncing and deletes the replica, so the next test starts empty. */
export async function stopTestReplica(): Promise<void> {
  await stopReplica();
  server = undefined;
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(`comptoir-${TEST_USER_ID}-${TEST_TENANT_ID}`);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
    request.onblocked = () => resolve();
  });
}

/** The open replica (tests read what the screens wrote). */
export function getTestDb(): ReplicaDb {
  const db = getReplicaDb();
  if (!db) throw new Error('no replica: call startTestReplica first');
  return db;
}

/**
 * Writes rows as another member on their own device (pushed to the shared server), then syncs
 * the test user's replica: what the server's triggers made of them (notifications) arrives.
 */
export async function writeAsMember(
  userId: string,
  rows: readonly { table: 'comments' | 'tasks' | 'contacts' | 'companies'; fields: Record<string, unknown> }[],
): Promise<string[]> {
  if (!server) throw new Error('no server: call startTestReplica first');
  const other = createTestClient(server, { userId });
  const ids: string[] = [];
  for (const row of rows) ids.push((await other.engine.createRow(row.table, row.fields)).id);
  await other.engine.push();
  other.db.close();
  await syncNow();
  return ids;
}

/** Where the app is now (data-testid "location": path and query). */
function ShowLocation() {
  const location = useLocation();
  return <p data-testid="location">{`${location.pathname}${location.search}`}</p>;
}

/** Where a link led when no test route matches: "ailleurs : /pipeline/…". */
function LocationProbe() {
  const location = useLocation();
  return (
    <p>
      ailleurs{'\u00a0'}: {location.pathname}
    </p>
  );
}

/** Renders routes (path → element) at `path`, with TanStack Query and the toast. */
export function renderRoutes(routes: Readonly<Record<string, ReactNode>>, path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider dismissLabel="Fermer">
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            {Object.entries(routes).map(([pattern, element]) => (
              <Route key={pattern} path={pattern} element={element} />
            ))}
            <Route path="*" element={<LocationProbe />} />
          </Routes>
          <ShowLocation />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

/** Renders one screen at `path` (its pathname is the only route). */
export function renderWithProviders(element: ReactNode, path = '/') {
  return renderRoutes({ [new URL(path, 'http://test').pathname]: element }, path);
}
