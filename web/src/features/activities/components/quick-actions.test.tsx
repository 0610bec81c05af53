/**
 * Quick actions against the real engine (seed 001 D3): a call is logged in two taps with its
 * outcome and contact, "Annuler" takes it back, "Ajouter des détails" edits it; the quick note
 * falls back to typing without the Web Speech API and appends dictated words with it; "plan
 * next step" creates the user's task due tomorrow at 9:00.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderWithProviders, startTestReplica, stopTestReplica, TEST_USER_ID } from '@web/test/replica.tsx';
import { QuickActions } from './quick-actions.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTenancy('sales', TEST_MEMBERS);
});

const text = fr.activities;
/** Testing Library collapses white space, the no-break spaces of French typography included. */
const norm = (message: string) => message.replace(/\s+/g, ' ');

async function createContact(): Promise<string> {
  const { id } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
  return id;
}

async function listCalls() {
  return (await getTestDb().activities.toArray()).filter((row) => row.kind === 'call');
}

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await stopTestReplica();
});

// Each test runs the real engine through several syncs: room for a loaded two-core CI machine.
describe('QuickActions', { timeout: 15_000 }, () => {
  it('logs a call in two taps with the outcome and the contact link', async () => {
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: text.quick.call }));
    await user.click(screen.getByRole('button', { name: text.outcomes.voicemail }));

    await waitFor(async () => expect(await listCalls()).toHaveLength(1));
    const [call] = await listCalls();
    expect(call).toMatchObject({
      kind: 'call',
      outcome: 'voicemail',
      contact_id: contactId,
      company_id: null,
      opportunity_id: null,
    });
    expect(Date.now() - Date.parse(call?.occurred_at ?? '')).toBeLessThan(60_000);
    const confirmation = norm(text.quick.callLogged.replace('{{outcome}}', text.outcomes.voicemail));
    expect(await screen.findAllByText(confirmation)).not.toHaveLength(0);
  });

  it('takes the call back with "Annuler" in the toast', async () => {
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.quick.call }));
    await user.click(screen.getByRole('button', { name: text.outcomes.reached }));
    await waitFor(async () => expect(await listCalls()).toHaveLength(1));

    const toast = document.querySelector('.toast') as HTMLElement;
    await user.click(await within(toast).findByRole('button', { name: text.quick.undo }));

    await waitFor(async () => expect(await listCalls()).toHaveLength(0));
    expect(await screen.findByText(text.quick.undone)).toBeInTheDocument();
  });

  it('adds details to the call just logged', async () => {
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.quick.call }));
    await user.click(screen.getByRole('button', { name: text.outcomes.call_back }));
    const addDetails = await screen.findByRole('button', { name: text.quick.addDetails });
    await waitFor(() => expect(addDetails).toBeEnabled());

    await user.click(addDetails);
    const dialog = await screen.findByRole('dialog', { name: text.form.editTitle });
    await user.type(within(dialog).getByLabelText(text.form.subject), 'Budget Q2');
    await user.type(within(dialog).getByLabelText(text.form.duration), '12');
    await user.click(within(dialog).getByRole('button', { name: text.form.save }));

    await waitFor(async () =>
      expect((await listCalls())[0]).toMatchObject({ subject: 'Budget Q2', duration_minutes: 12 }),
    );
    const calls = await listCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ outcome: 'call_back', contact_id: contactId });
  });

  it('offers typing only when the browser has no speech recognition', async () => {
    vi.stubGlobal('SpeechRecognition', undefined);
    vi.stubGlobal('webkitSpeechRecognition', undefined);
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.quick.note }));

    expect(screen.getByText(norm(text.quick.dictationUnavailable))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: text.quick.dictate })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(text.quick.noteLabel), 'Intéressé, budget Q2');
    await user.click(screen.getByRole('button', { name: text.quick.saveNote }));

    await waitFor(async () => {
      const notes = (await getTestDb().activities.toArray()).filter((row) => row.kind === 'note');
      expect(notes).toMatchObject([{ body: 'Intéressé, budget Q2', contact_id: contactId }]);
    });
  });

  it('appends dictated words in French where speech recognition exists', async () => {
    const instances: FakeRecognition[] = [];
    class FakeRecognition {
      lang = '';
      continuous = false;
      interimResults = true;
      onresult: ((event: unknown) => void) | null = null;
      onerror: ((event: unknown) => void) | null = null;
      onend: (() => void) | null = null;
      start = vi.fn();
      stop = vi.fn(() => this.onend?.());
      abort = vi.fn();
      constructor() {
        instances.push(this);
      }
    }
    vi.stubGlobal('webkitSpeechRecognition', FakeRecognition);
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.quick.note }));
    const field = screen.getByLabelText(text.quick.noteLabel);
    await user.type(field, 'RDV effectué.');

    await user.click(screen.getByRole('button', { name: text.quick.dictate }));
    const recognition = instances[0];
    expect(recognition?.lang).toBe('fr-FR');
    expect(recognition?.start).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(text.quick.dictating)).toBeInTheDocument();
    act(() => {
      const result = Object.assign([{ transcript: ' intéressé budget Q2' }], { isFinal: true });
      recognition?.onresult?.({ resultIndex: 0, results: [result] });
    });

    expect(field).toHaveValue('RDV effectué. intéressé budget Q2');
    await user.click(screen.getByRole('button', { name: text.quick.stopDictation }));
    expect(recognition?.stop).toHaveBeenCalled();
    expect(screen.queryByText(text.quick.dictating)).not.toBeInTheDocument();
  });

  it('plans the next step as a task for the user, due tomorrow at 9:00', async () => {
    const contactId = await createContact();
    renderWithProviders(<QuickActions contactId={contactId} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.quick.nextStep }));
    await user.type(screen.getByLabelText(norm(text.quick.nextStepLabel)), 'Envoyer le devis');
    expect(screen.getByRole('button', { name: text.quick.dueTomorrow })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: text.quick.createTask }));

    await waitFor(async () => expect(await getTestDb().tasks.count()).toBe(1));
    const [task] = await getTestDb().tasks.toArray();
    expect(task).toMatchObject({ title: 'Envoyer le devis', contact_id: contactId, assignee_id: TEST_USER_ID });
    const due = new Date(task?.due_at ?? '');
    const parisHour = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    expect(parisHour.format(due)).toBe('09:00');
    expect(due.getTime() - Date.now()).toBeGreaterThan(0);
    expect(due.getTime() - Date.now()).toBeLessThan(2 * 24 * 3600_000);
  });
});
