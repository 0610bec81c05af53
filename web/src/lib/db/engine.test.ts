import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS } from './engine.ts';
import { SyncTransportError, type SyncTransport } from './transport.ts';
import { ValidationError } from './validation.ts';
import { MemoryServer } from './testing/memory-server.ts';
import { TEST_TENANT, createTestClient, listReplicaRows, type TestClient } from './testing/harness.ts';

const opened: TestClient[] = [];

function setUp(options: Parameters<typeof createTestClient>[1] = {}) {
  const server = new MemoryServer(TEST_TENANT);
  const client = createTestClient(server, options);
  opened.push(client);
  return { server, client, ...client };
}

afterEach(async () => {
  for (const client of opened.splice(0)) await client.db.delete();
});

describe('local writes', () => {
  it('writes the row and its outbox entry together, normalised by the shared schema', async () => {
    const { db, engine } = setUp();
    const { id } = await engine.createRow('contacts', { first_name: '  Hélène ', phone: '06 12 34 56 78' });
    const row = await db.contacts.get(id);
    expect(row).toMatchObject({
      id,
      tenant_id: TEST_TENANT,
      first_name: 'Hélène',
      phone: '+33612345678',
      country: 'FR',
    });
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'contacts', rowId: id, op: 'insert' });
    expect(outbox[0]?.mutationId).toBeUndefined();
  });

  it('refuses invalid input with field keys and writes nothing', async () => {
    const { db, engine } = setUp();
    const error = await engine.createRow('contacts', { email: 'not-an-email' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({ email: 'sync.validation.email' });
    const unknown = await engine.createRow('companies', { name: 'X', colour: 'red' }).catch((e: unknown) => e);
    expect((unknown as ValidationError).fields).toEqual({ colour: 'sync.validation.unknown_field' });
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('coalesces consecutive unsent updates of a row but never a numbered one', async () => {
    const { db, engine } = setUp();
    const { id } = await engine.createRow('contacts', { last_name: 'Moreau' });
    await engine.push();
    await engine.updateRow('contacts', id, { first_name: 'Camille' });
    await engine.updateRow('contacts', id, { job_title: 'Gérante' });
    let entries = await db.outbox.toArray();
    expect(entries.map((e) => e.op)).toEqual(['insert', 'update']);
    expect(entries[1]?.fields).toEqual({ first_name: 'Camille', job_title: 'Gérante' });
    // Numbered (sent) entries stay as they are.
    await engine.push();
    await engine.updateRow('contacts', id, { job_title: 'Directrice' });
    entries = await db.outbox.toArray();
    expect(entries.map((e) => e.op)).toEqual(['insert', 'update', 'update']);
  });
});

describe('push and acknowledgement', () => {
  it('keeps an acknowledged entry until a pull snapshot contains its txid, then drops it', async () => {
    const { db, engine, server } = setUp();
    const { id } = await engine.createRow('companies', { name: 'Garage du Centre' });
    const outcome = await engine.push();
    expect(outcome.sent).toBe(1);
    const [acked] = await db.outbox.toArray();
    expect(acked?.txid).toMatch(/^\d+$/);
    expect(await engine.countPending()).toBe(0);
    expect(server.listLiveRows('companies')).toHaveLength(1);
    await engine.pull();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.bases.count()).toBe(0);
    expect(await listReplicaRows(db, 'companies')).toEqual(server.listLiveRows('companies'));
    expect((await db.companies.get(id))?.name).toBe('Garage du Centre');
  });

  it('keeps the local value when a resumed pull window ends before the push (no flicker back)', async () => {
    // Pages are counted in rows: no default stages nor system activities in between.
    const server = new MemoryServer(TEST_TENANT, { semantics: false });
    const writer = createTestClient(server);
    opened.push(writer);
    const { id } = await writer.engine.createRow('contacts', { last_name: 'Avant' });
    for (let i = 0; i < 4; i += 1) await writer.engine.createRow('contacts', { last_name: `Autre ${i}` });
    await writer.engine.push();
    let pages = 0;
    let failAt = 2;
    // The replica when the pull asks for the window after the resumed one (the memory server's
    // cursor says `done` once a window is exhausted).
    const afterResumedWindow: { outbox: number; lastName: unknown }[] = [];
    const flaky: SyncTransport = {
      push: (request) => Promise.resolve(server.push(request)),
      pull: async (request) => {
        pages += 1;
        if (pages === failAt) throw new SyncTransportError('transient', 'network');
        if (request.p_cursor !== null && (JSON.parse(request.p_cursor) as { done: boolean }).done) {
          afterResumedWindow.push({
            outbox: await db.outbox.count(),
            lastName: (await db.contacts.get(id))?.last_name,
          });
        }
        return server.pull(request);
      },
    };
    const { db, engine } = setUp({ transport: flaky, pullLimit: 2 });
    // A first pull stops after one page: its window (snapshot before the push below) is resumed later.
    await expect(engine.pull()).rejects.toBeInstanceOf(SyncTransportError);
    expect(await db.contacts.get(id)).toBeDefined();
    await engine.updateRow('contacts', id, { last_name: 'Après' });
    await engine.push();
    failAt = 0;
    await engine.pull();
    // The resumed window's snapshot predates the push: the acknowledged entry stayed through it…
    expect(afterResumedWindow).toEqual([{ outbox: 1, lastName: 'Après' }]);
    // …and the same pull went on to the window from there to now, which contains the push.
    expect(await db.outbox.count()).toBe(0);
    expect((await db.contacts.get(id))?.last_name).toBe('Après');
    await engine.pull();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.contacts.get(id))?.last_name).toBe('Après');
  });

  it('replays the same mutation id after a lost answer, and the server does not apply it twice', async () => {
    let isLost = true;
    const { db, engine, server } = setUp({ hooks: { loseAnswer: () => isLost } });
    await engine.createRow('contacts', { last_name: 'Durand' });
    await expect(engine.push()).rejects.toMatchObject({ kind: 'transient', code: 'network' });
    const [entry] = await db.outbox.toArray();
    expect(entry?.mutationId).toBe(1);
    isLost = false;
    await engine.push();
    expect(server.applied).toHaveLength(1);
    expect((await db.outbox.toArray())[0]?.txid).toBeDefined();
  });

  it('renumbers from details.expected after mutation_gap', async () => {
    const { db, engine, server } = setUp();
    await db.meta.put({ key: 'nextMutationId', value: 7 });
    await engine.createRow('contacts', { last_name: 'Petit' });
    await expect(engine.push()).rejects.toMatchObject({ kind: 'gap', expected: 1 });
    expect((await db.outbox.toArray())[0]?.mutationId).toBe(1);
    await engine.push();
    expect(server.applied.map((m) => m.mutationId)).toEqual([1]);
  });
});

describe('rebase', () => {
  it('re-applies pending fields on top of a pulled row, and converges once acknowledged', async () => {
    const server = new MemoryServer(TEST_TENANT);
    const a = createTestClient(server);
    const b = createTestClient(server);
    opened.push(a, b);
    const { id } = await a.engine.createRow('contacts', { first_name: 'Léa', last_name: 'Robert' });
    await a.engine.push();
    await b.engine.pull();
    // B edits the job title offline while A renames her and syncs.
    await b.engine.updateRow('contacts', id, { job_title: 'Comptable' });
    await a.engine.updateRow('contacts', id, { first_name: 'Léane' });
    await a.engine.push();
    await b.engine.pull();
    expect(await b.db.contacts.get(id)).toMatchObject({ first_name: 'Léane', job_title: 'Comptable' });
    await b.engine.push();
    await b.engine.pull();
    await a.engine.pull();
    expect(await listReplicaRows(a.db, 'contacts')).toEqual(server.listLiveRows('contacts'));
    expect(await listReplicaRows(b.db, 'contacts')).toEqual(server.listLiveRows('contacts'));
    expect(server.listLiveRows('contacts')[0]).toMatchObject({ first_name: 'Léane', job_title: 'Comptable' });
  });

  it('persists the cursor with each page, so a failure mid-sync resumes after the last page', async () => {
    // Pages are counted in rows: no default stages nor system activities in between.
    const server = new MemoryServer(TEST_TENANT, { semantics: false });
    const writer = createTestClient(server);
    opened.push(writer);
    for (let i = 0; i < 5; i += 1) await writer.engine.createRow('contacts', { last_name: `Nom ${i}` });
    await writer.engine.push();
    let calls = 0;
    const flaky: SyncTransport = {
      push: (request) => Promise.resolve(server.push(request)),
      pull: (request) => {
        calls += 1;
        if (calls === 3) return Promise.reject(new SyncTransportError('transient', 'network'));
        return Promise.resolve(server.pull(request));
      },
    };
    const { db, engine } = setUp({ transport: flaky, pullLimit: 2 });
    await expect(engine.pull()).rejects.toBeInstanceOf(SyncTransportError);
    expect(await db.contacts.count()).toBe(4);
    const cursor = (await db.meta.get('cursor'))?.value;
    expect(typeof cursor).toBe('string');
    await engine.pull();
    expect(await db.contacts.count()).toBe(5);
    // Pages 1–2, the failure, page 3, then the next window (resumed pulls read up to now).
    expect(calls).toBe(5);
  });
});

describe('deletes and undo', () => {
  it('holds a delete for the undo window; undo brings the row back and nothing is sent', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const { db, engine, server } = setUp({ now: () => now });
    const { id } = await engine.createRow('contacts', { last_name: 'Haddad' });
    await engine.push();
    await engine.pull();
    const { undo } = await engine.deleteRow('contacts', id);
    expect(await db.contacts.get(id)).toBeUndefined();
    const outcome = await engine.push();
    expect(outcome).toEqual({ sent: 0, hasMore: false, heldUntil: now + UNDO_WINDOW_MS });
    expect(await undo()).toBe(true);
    expect(await db.contacts.get(id)).toMatchObject({ last_name: 'Haddad' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.bases.count()).toBe(0);
    // Delete again and let the window pass: the delete goes, and undo no longer applies.
    const second = await engine.deleteRow('contacts', id);
    now += UNDO_WINDOW_MS + 1;
    expect((await engine.push()).sent).toBe(1);
    expect(await second.undo()).toBe(false);
    expect(await db.contacts.get(id)).toBeUndefined();
    expect(server.listLiveRows('contacts')).toEqual([]);
  });

  it('makes later entries wait behind a held delete', async () => {
    const now = Date.UTC(2026, 10, 22, 9);
    const { engine } = setUp({ now: () => now });
    const first = await engine.createRow('contacts', { last_name: 'A' });
    await engine.push();
    await engine.deleteRow('contacts', first.id);
    await engine.createRow('contacts', { last_name: 'B' });
    expect((await engine.push()).sent).toBe(0);
  });
});

describe('rejections', () => {
  it('moves a refused write to rejections with its data and reverts the row to the server version', async () => {
    const { db, engine, server } = setUp();
    const { id } = await engine.createRow('companies', { name: 'Studio Pixel', city: 'Lyon' });
    await engine.push();
    await engine.pull();
    server.rejectRule = (_table, fields) => (fields['city'] === 'Nowhere' ? ['city'] : []);
    await engine.updateRow('companies', id, { city: 'Nowhere', sector: 'Design' });
    expect((await db.companies.get(id))?.city).toBe('Nowhere');
    await engine.push();
    const [rejection] = await db.rejections.toArray();
    expect(rejection).toMatchObject({
      table: 'companies',
      rowId: id,
      op: 'update',
      fields: { city: 'Nowhere', sector: 'Design' },
      code: 'invalid',
      offending: ['city'],
    });
    expect(await db.companies.get(id)).toMatchObject({ city: 'Lyon', sector: null });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.bases.count()).toBe(0);
    // The user fixes the value and resends.
    await engine.retryRejection(rejection?.id ?? '', { city: 'Villeurbanne', sector: 'Design' });
    expect(await db.rejections.count()).toBe(0);
    await engine.push();
    await engine.pull();
    expect(await db.companies.get(id)).toMatchObject({ city: 'Villeurbanne', sector: 'Design' });
    expect(await listReplicaRows(db, 'companies')).toEqual(server.listLiveRows('companies'));
  });

  it('rejects an edit of a row deleted elsewhere (deletes win) and keeps the edit for the user', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const server = new MemoryServer(TEST_TENANT);
    const a = createTestClient(server, { now: () => now });
    const b = createTestClient(server, { now: () => now });
    opened.push(a, b);
    const { id } = await a.engine.createRow('contacts', { last_name: 'Bernard' });
    await a.engine.push();
    await b.engine.pull();
    await b.engine.deleteRow('contacts', id);
    now += UNDO_WINDOW_MS + 1;
    expect((await b.engine.push()).sent).toBe(1);
    await a.engine.updateRow('contacts', id, { notes: 'Rappeler lundi' });
    await a.engine.pull();
    expect(await a.db.contacts.get(id)).toBeUndefined();
    await a.engine.push();
    const [rejection] = await a.db.rejections.toArray();
    expect(rejection).toMatchObject({ code: 'deleted', fields: { notes: 'Rappeler lundi' } });
    await a.engine.discardRejection(rejection?.id ?? '');
    expect(await a.db.rejections.count()).toBe(0);
  });

  it('turns unsent writes into not_a_member rejections when access is lost', async () => {
    const { db, engine } = setUp();
    await engine.createRow('contacts', { last_name: 'Lefebvre' });
    await engine.surrenderOutbox('not_a_member');
    expect(await db.outbox.count()).toBe(0);
    expect((await db.rejections.toArray())[0]).toMatchObject({ code: 'not_a_member', op: 'insert' });
  });
});

describe('reset', () => {
  it('rebuilds the replica after the tombstone horizon and keeps unsent writes', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const server = new MemoryServer(TEST_TENANT);
    const a = createTestClient(server, { now: () => now });
    const b = createTestClient(server, { now: () => now });
    opened.push(a, b);
    const kept = await a.engine.createRow('contacts', { last_name: 'Garde' });
    const gone = await a.engine.createRow('contacts', { last_name: 'Parti' });
    await a.engine.push();
    await a.engine.pull();
    await b.engine.pull();
    await b.engine.deleteRow('contacts', gone.id);
    now += UNDO_WINDOW_MS + 1;
    expect((await b.engine.push()).sent).toBe(1);
    server.purgeTombstones();
    const offline = await a.engine.createRow('contacts', { last_name: 'Hors ligne' });
    await a.engine.updateRow('contacts', kept.id, { notes: 'en attente' });
    await a.engine.pull();
    expect(await a.db.contacts.get(gone.id)).toBeUndefined();
    expect(await a.db.contacts.get(offline.id)).toMatchObject({ last_name: 'Hors ligne' });
    expect(await a.db.contacts.get(kept.id)).toMatchObject({ notes: 'en attente' });
    expect(await a.engine.countPending()).toBe(2);
    await a.engine.push();
    await a.engine.pull();
    expect(await listReplicaRows(a.db, 'contacts')).toEqual(server.listLiveRows('contacts'));
  });

  it('starts over from an initial sync when the server no longer understands the cursor', async () => {
    const server = new MemoryServer(TEST_TENANT);
    const writer = createTestClient(server);
    opened.push(writer);
    await writer.engine.createRow('companies', { name: 'Atelier Bleu' });
    await writer.engine.push();
    let isCursorRefused = false;
    const transport: SyncTransport = {
      push: (request) => Promise.resolve(server.push(request)),
      pull: (request) =>
        isCursorRefused && request.p_cursor !== null
          ? Promise.reject(new SyncTransportError('fatal', 'sync_cursor_invalid'))
          : Promise.resolve(server.pull(request)),
    };
    const { db, engine } = setUp({ transport });
    await engine.pull();
    expect(await db.companies.count()).toBe(1);
    isCursorRefused = true;
    await engine.pull();
    expect(await db.companies.count()).toBe(1);
    expect(await listReplicaRows(db, 'companies')).toEqual(server.listLiveRows('companies'));
  });
});
