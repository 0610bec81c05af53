import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryServer } from './testing/memory-server.ts';
import { TEST_TENANT } from './testing/harness.ts';
import {
  createRow,
  deleteRow,
  getSyncState,
  queueAttachment,
  searchContacts,
  startReplica,
  stopReplica,
  updateRow,
  useRejections,
  useReplicaQuery,
  useSyncState,
  ValidationError,
} from './index.ts';
import { syncNow } from './runtime.ts';
import { ReplicaDb, getReplicaDbName } from './schema.ts';

const USER = '019a8f00-1000-7000-8000-0000000000aa';

afterEach(async () => {
  await stopReplica();
  await new ReplicaDb(getReplicaDbName(USER, TEST_TENANT)).delete();
});

async function start(server: MemoryServer, uploads: string[] = []) {
  let pokes = 0;
  await startReplica({
    userId: USER,
    tenantId: TEST_TENANT,
    transport: server.createTransport(),
    subscribePokes: () => {
      pokes += 1;
      return Promise.resolve(() => undefined);
    },
    uploadBlob: (hash) => {
      uploads.push(hash);
      return Promise.resolve();
    },
  });
  return { getPokes: () => pokes };
}

describe('replica runtime', () => {
  it('writes locally, pushes in the background and reports the state', async () => {
    const server = new MemoryServer(TEST_TENANT);
    const { getPokes } = await start(server);
    expect(getPokes()).toBe(1);
    expect(getSyncState().isLeader).toBe(true);
    const { result } = renderHook(() => useSyncState());
    const { id } = await createRow('contacts', {
      first_name: 'Éloïse',
      last_name: 'Garnier',
      email: 'eloise@atelier.fr',
    });
    await waitFor(() => expect(server.listLiveRows('contacts')).toHaveLength(1));
    // A new row belongs to its creator.
    expect(server.listLiveRows('contacts')[0]).toMatchObject({ id, owner_id: USER });
    await syncNow();
    await waitFor(() =>
      expect(result.current).toMatchObject({
        phase: 'idle',
        pending: 0,
        online: true,
        lastSyncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      }),
    );
    expect((await searchContacts('eloise')).map((row) => row.id)).toEqual([id]);
    await updateRow('contacts', id, { last_name: 'Garnier-Roux' });
    expect((await searchContacts('roux')).map((row) => row.id)).toEqual([id]);
    await expect(createRow('contacts', { email: 'pas une adresse' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('re-renders live queries on local writes and undoes a delete', async () => {
    const server = new MemoryServer(TEST_TENANT);
    await start(server);
    const { result } = renderHook(() =>
      useReplicaQuery((db) => db.contacts.toArray(), [], [] as { last_name: string | null }[]),
    );
    const { id } = await createRow('contacts', { last_name: 'Lambert' });
    await waitFor(() => expect(result.current.map((row) => row.last_name)).toEqual(['Lambert']));
    const { undo } = await deleteRow('contacts', id);
    await waitFor(() => expect(result.current).toEqual([]));
    await act(async () => {
      expect(await undo()).toBe(true);
    });
    await waitFor(() => expect(result.current.map((row) => row.last_name)).toEqual(['Lambert']));
    const rejections = renderHook(() => useRejections());
    expect(rejections.result.current).toEqual([]);
  });

  it('stores an attachment under its sha256 and uploads it', async () => {
    const uploads: string[] = [];
    await start(new MemoryServer(TEST_TENANT), uploads);
    const { hash } = await queueAttachment(new Blob(['abc'], { type: 'text/plain' }));
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    await waitFor(() => expect(uploads).toEqual([hash]));
  });
});
