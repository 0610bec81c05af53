/**
 * The unified timeline against the real engine and the in-memory server (which writes the
 * `created` and `stage_change` entries as the database triggers do): a contact's timeline
 * merges its own activities with its opportunities', shows "Étape : Démo → Proposition" with the
 * translated default names, filters by type and picks up rows as they sync in.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, syncNow, updateRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { Timeline } from './timeline.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTenancy('sales', TEST_MEMBERS);
});

const text = fr.activities;
const norm = (message: string) => message.replace(/\s+/g, ' ');

async function getStageId(key: string): Promise<string> {
  const stage = (await getTestDb().pipeline_stages.toArray()).find((row) => row.key === key);
  if (!stage) throw new Error(`no stage ${key}`);
  return stage.id;
}

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function getEntries(): HTMLElement[] {
  return screen.queryAllByRole('article');
}

// Each test runs the real engine through several syncs: room for a loaded two-core CI machine.
describe('Timeline', { timeout: 15_000 }, () => {
  it("starts a new contact's timeline with its creation, and says so when a record has nothing", async () => {
    const { id } = await createRow('contacts', { first_name: 'Marc', last_name: 'Petit' });
    const { unmount } = renderWithProviders(<Timeline record={{ table: 'contacts', id }} />);
    await waitFor(() => expect(getEntries()).toHaveLength(1));
    expect(getEntries()[0]).toHaveTextContent(text.timeline.createdContact);
    unmount();
    // An opportunity not (yet) in the replica: no row, so no derived entry either.
    renderWithProviders(<Timeline record={{ table: 'opportunities', id: '019a8f00-9999-7000-8000-000000000001' }} />);
    expect(await screen.findByText(norm(text.timeline.emptyTitle))).toBeInTheDocument();
  });

  it("merges a contact's activities with its opportunities', newest first, with stage changes by name", async () => {
    const { id: contactId } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    const { id: otherId } = await createRow('contacts', { first_name: 'Marc', last_name: 'Petit' });
    const { id: dealId } = await createRow('opportunities', {
      title: 'Flotte 2027',
      contact_id: contactId,
      stage_id: await getStageId('demo'),
    });
    await syncNow();
    await updateRow('opportunities', dealId, { stage_id: await getStageId('proposal') });
    await createRow('activities', {
      kind: 'call',
      outcome: 'reached',
      duration_minutes: 12,
      occurred_at: new Date().toISOString(),
      subject: 'Budget Q2',
      contact_id: contactId,
    });
    await createRow('activities', {
      kind: 'note',
      occurred_at: new Date().toISOString(),
      body: 'Pas pour elle',
      contact_id: otherId,
    });
    await syncNow();

    renderWithProviders(<Timeline record={{ table: 'contacts', id: contactId }} />);
    const stageSentence = norm(text.timeline.stageChange.replace('{{from}}', 'Démo').replace('{{to}}', 'Proposition'));
    expect(await screen.findByText(stageSentence)).toBeInTheDocument();
    expect(screen.getByText(norm(text.timeline.stageEntered.replace('{{to}}', 'Démo')))).toBeInTheDocument();
    expect(screen.getByText('Budget Q2')).toBeInTheDocument();
    expect(screen.getByText(text.outcomes.reached)).toBeInTheDocument();
    expect(screen.getByText(norm(text.timeline.duration.replace('{{count}}', '12')))).toBeInTheDocument();
    expect(screen.queryByText('Pas pour elle')).not.toBeInTheDocument();
    // The deal's `created` entry and its stage change (server-written), the call, and the
    // contact's own creation (derived from the row), oldest.
    await waitFor(() => expect(getEntries()).toHaveLength(4));
    expect(getEntries()[0]).toHaveTextContent('Budget Q2');
    expect(within(getEntries()[1] as HTMLElement).getByRole('link')).toHaveTextContent('Flotte 2027');
    expect(getEntries()[3]).toHaveTextContent(text.timeline.createdContact);
    expect(screen.getByRole('heading', { level: 3, name: text.timeline.today })).toBeInTheDocument();
  });

  it("gathers a company's own activities with its contacts' and its opportunities'", async () => {
    const { id: acme } = await createRow('companies', { name: 'Acme' });
    const { id: globex } = await createRow('companies', { name: 'Globex' });
    const { id: ines } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia', company_id: acme });
    const { id: dealId } = await createRow('opportunities', {
      title: 'Flotte 2027',
      company_id: acme,
      stage_id: await getStageId('demo'),
    });
    const now = new Date().toISOString();
    await createRow('activities', { kind: 'call', occurred_at: now, subject: 'Appel Inès', contact_id: ines });
    await createRow('activities', { kind: 'meeting', occurred_at: now, subject: 'RDV flotte', opportunity_id: dealId });
    await createRow('activities', { kind: 'visit', occurred_at: now, subject: 'Visite Acme', company_id: acme });
    await createRow('activities', { kind: 'visit', occurred_at: now, subject: 'Visite Globex', company_id: globex });

    renderWithProviders(<Timeline record={{ table: 'companies', id: acme }} />);
    expect(await screen.findByText('Appel Inès')).toBeInTheDocument();
    expect(screen.getByText('RDV flotte')).toBeInTheDocument();
    expect(screen.getByText('Visite Acme')).toBeInTheDocument();
    expect(screen.queryByText('Visite Globex')).not.toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: norm(text.timeline.onContact.replace('{{name}}', 'Inès Garcia')) }),
    ).not.toHaveLength(0);
  });

  it('filters by type and shows new rows as they arrive', async () => {
    const { id: contactId } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    await createRow('opportunities', {
      title: 'Flotte 2027',
      contact_id: contactId,
      stage_id: await getStageId('demo'),
    });
    await createRow('activities', {
      kind: 'call',
      outcome: 'voicemail',
      occurred_at: new Date().toISOString(),
      contact_id: contactId,
    });
    await syncNow();
    renderWithProviders(<Timeline record={{ table: 'contacts', id: contactId }} />);
    await waitFor(() => expect(getEntries()).toHaveLength(3));
    const user = userEvent.setup();

    const chips = screen.getByRole('group', { name: text.filters.label });
    await user.click(within(chips).getByRole('button', { name: text.filters.system }));
    await waitFor(() => expect(getEntries()).toHaveLength(2));
    expect(getEntries()[0]).toHaveTextContent(text.timeline.createdOpportunity);
    expect(getEntries()[1]).toHaveTextContent(text.timeline.createdContact);

    await user.click(within(chips).getByRole('button', { name: text.filters.system }));
    await user.click(within(chips).getByRole('button', { name: text.kinds.call }));
    await waitFor(() => expect(getEntries()).toHaveLength(1));
    expect(getEntries()[0]).toHaveTextContent(text.outcomes.voicemail);

    await user.click(within(chips).getByRole('button', { name: text.kinds.meeting }));
    await createRow('activities', {
      kind: 'meeting',
      occurred_at: new Date().toISOString(),
      subject: 'Démo sur site',
      contact_id: contactId,
    });
    expect(await screen.findByText('Démo sur site')).toBeInTheDocument();
    expect(getEntries()).toHaveLength(2);
  });

  it('logs an activity from the form, refusing a duration over a day', async () => {
    const { id: contactId } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    renderWithProviders(<Timeline record={{ table: 'contacts', id: contactId }} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.form.open }));
    const dialog = await screen.findByRole('dialog', { name: text.form.title });

    await user.selectOptions(within(dialog).getByLabelText(text.form.kind), text.kinds.meeting);
    await user.selectOptions(within(dialog).getByLabelText(text.form.outcome), text.outcomes.done);
    await user.type(within(dialog).getByLabelText(text.form.subject), 'Démo atelier');
    await user.type(within(dialog).getByLabelText(text.form.duration), '2000');
    await user.click(within(dialog).getByRole('button', { name: text.form.save }));
    expect(await within(dialog).findByText(norm(text.form.invalidDuration))).toBeInTheDocument();
    expect((await getTestDb().activities.toArray()).filter((row) => row.kind === 'meeting')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(text.form.duration));
    await user.type(within(dialog).getByLabelText(text.form.duration), '45');
    await user.click(within(dialog).getByRole('button', { name: text.form.save }));

    expect(await screen.findByText('Démo atelier')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const [meeting] = (await getTestDb().activities.toArray()).filter((row) => row.kind === 'meeting');
    expect(meeting).toMatchObject({ outcome: 'done', duration_minutes: 45, contact_id: contactId });
    // "Now" by default, to the minute (the form's clock is the company's).
    expect(Math.abs(Date.now() - Date.parse(meeting?.occurred_at ?? ''))).toBeLessThan(2 * 60_000);
  });
});
