/**
 * The V3 invoicing tables through the real engine and the in-memory server: a draft document and
 * its lines written offline reach the server and every replica; what only the server may do
 * (finalise, change a document's kind, move a line) is refused before anything is queued.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryServer } from './testing/memory-server.ts';
import { TEST_TENANT, createTestClient, listReplicaRows, type TestClient } from './testing/harness.ts';
import { UNDO_WINDOW_MS } from './engine.ts';
import { SyncTransportError } from './transport.ts';
import { ValidationError } from './validation.ts';

const ALICE = '019a8f00-1000-7000-8000-0000000000a1';
const BRUNO = '019a8f00-1000-7000-8000-0000000000b2';
const opened: TestClient[] = [];

afterEach(async () => {
  for (const client of opened.splice(0)) await client.db.delete();
});

describe('sales documents in the replica', () => {
  it('sends a draft invoice and its line created offline, and every replica gets them back', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    let isOffline = true;
    let now = Date.UTC(2026, 10, 22, 9);
    const alice = createTestClient(server, { userId: ALICE, now: () => now, hooks: { isOffline: () => isOffline } });
    const bruno = createTestClient(server, { userId: BRUNO });
    opened.push(alice, bruno);

    const document = await alice.engine.createRow('sales_documents', { kind: 'invoice', notes: '  Vidange  ' });
    const line = await alice.engine.createRow('sales_document_lines', {
      document_id: document.id,
      position: 0,
      description: 'Vidange et filtre',
      quantity_milli: 2000,
      unit_price_cents: 4500,
    });
    // Shown at once with the column defaults and placeholders for the server's columns.
    expect(await alice.db.sales_documents.get(document.id)).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      notes: 'Vidange',
      owner_id: ALICE,
      language: 'fr',
      number: null,
      total_ttc_cents: null,
      payment_status: 'unpaid',
      paid_cents: 0,
    });
    expect(await alice.db.sales_document_lines.where('document_id').equals(document.id).toArray()).toMatchObject([
      { id: line.id, unit: 'C62', vat_rate_bp: 2000, nature: 'services', discount: null },
    ]);
    await expect(alice.engine.push()).rejects.toBeInstanceOf(SyncTransportError);
    expect(server.getRow('sales_documents', document.id)).toBeUndefined();

    // Back online: both writes reach the server in order, the replicas converge on its rows.
    isOffline = false;
    await alice.engine.push();
    await alice.engine.pull();
    expect(server.getRow('sales_documents', document.id)).toMatchObject({ kind: 'invoice', owner_id: ALICE });
    expect(server.getRow('sales_document_lines', line.id)).toMatchObject({ document_id: document.id, position: 0 });
    await bruno.engine.pull();
    for (const table of ['sales_documents', 'sales_document_lines'] as const) {
      expect(server.listLiveRows(table)).toHaveLength(1);
      expect(await listReplicaRows(alice.db, table)).toEqual(server.listLiveRows(table));
      expect(await listReplicaRows(bruno.db, table)).toEqual(server.listLiveRows(table));
    }
    expect(await bruno.db.sales_documents.where('kind').equals('invoice').count()).toBe(1);
    expect(await alice.db.outbox.count()).toBe(0);
    expect(await alice.db.rejections.count()).toBe(0);

    // A draft is edited and its line deleted like any row.
    await bruno.engine.updateRow('sales_document_lines', line.id, { quantity_milli: 3000 });
    await bruno.engine.push();
    await alice.engine.pull();
    expect((await alice.db.sales_document_lines.get(line.id))?.quantity_milli).toBe(3000);
    await alice.engine.deleteRow('sales_document_lines', line.id);
    now += UNDO_WINDOW_MS + 1;
    await alice.engine.push();
    await bruno.engine.pull();
    expect(server.getRow('sales_document_lines', line.id)).toBeUndefined();
    expect(await bruno.db.sales_document_lines.get(line.id)).toBeUndefined();
  });

  it('refuses locally what only the server does: finalising, changing the kind, moving a line', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    const alice = createTestClient(server, { userId: ALICE });
    opened.push(alice);
    await expect(
      alice.engine.createRow('sales_documents', { kind: 'invoice', status: 'finalised' }),
    ).rejects.toMatchObject({ name: 'ValidationError', fields: { status: expect.any(String) } });
    // A quote's commercial statuses are not an invoice's.
    await expect(alice.engine.createRow('sales_documents', { kind: 'invoice', status: 'sent' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const quote = await alice.engine.createRow('sales_documents', { kind: 'quote' });
    const other = await alice.engine.createRow('sales_documents', { kind: 'quote' });
    const line = await alice.engine.createRow('sales_document_lines', { document_id: quote.id, position: 1 });
    await expect(alice.engine.updateRow('sales_documents', quote.id, { kind: 'invoice' })).rejects.toMatchObject({
      fields: { kind: expect.any(String) },
    });
    await expect(alice.engine.updateRow('sales_documents', quote.id, { status: 'finalised' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      alice.engine.updateRow('sales_document_lines', line.id, { document_id: other.id }),
    ).rejects.toMatchObject({ fields: { document_id: expect.any(String) } });
    // Only the three creates were queued; a quote moves through its commercial statuses.
    expect(await alice.db.outbox.count()).toBe(3);
    await alice.engine.updateRow('sales_documents', quote.id, { status: 'sent' });
    await alice.engine.push();
    await alice.engine.pull();
    expect(server.getRow('sales_documents', quote.id)).toMatchObject({ kind: 'quote', status: 'sent' });
    expect(await alice.db.rejections.count()).toBe(0);
  });
});
