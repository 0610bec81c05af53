/**
 * Stage settings against the real engine: reordering with the buttons rewrites positions, a stage
 * that still holds opportunities cannot be removed (the page says why), an empty one can, and
 * renaming a default stage sets its name.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { createOpportunity, getStagesByKey } from '../fixtures/replica.tsx';
import { StageSettingsPage } from './stage-settings-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.pipeline;
const norm = (message: string) => message.replace(/\s+/g, ' ');

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function renderSettings() {
  const user = userEvent.setup();
  renderRoutes({ '/parametres/pipeline': <StageSettingsPage /> }, '/parametres/pipeline');
  return user;
}

describe('stage settings', () => {
  it('moves a stage down, swapping positions with the next one', async () => {
    const before = await getStagesByKey();
    const user = renderSettings();
    await user.click(await screen.findByRole('button', { name: `Descendre ${text.stages.prospect}` }));
    await waitFor(async () => {
      const after = await getStagesByKey();
      expect(after['prospect']?.position).toBe(before['contact']?.position);
      expect(after['contact']?.position).toBe(before['prospect']?.position);
    });
  });

  it('refuses to remove a stage that still holds opportunities, and removes an empty one', async () => {
    const stages = await getStagesByKey();
    await createOpportunity({ title: 'Flotte Renault', stage_id: stages['demo']?.id });
    const user = renderSettings();

    await user.click(await screen.findByRole('button', { name: `Supprimer l’étape ${text.stages.demo}` }));
    expect(
      await screen.findByText(
        norm(
          `L’étape «\u00a0${text.stages.demo}\u00a0» contient encore 1\u00a0opportunité. Déplacez-la d’abord vers une autre étape.`,
        ),
      ),
    ).toBeInTheDocument();
    expect(await getTestDb().pipeline_stages.get(stages['demo']?.id ?? '')).toBeDefined();

    await user.click(screen.getByRole('button', { name: `Supprimer l’étape ${text.stages.interest}` }));
    await waitFor(async () =>
      expect(await getTestDb().pipeline_stages.get(stages['interest']?.id ?? '')).toBeUndefined(),
    );
  });

  it('renames a default stage when its name field is left', async () => {
    const user = renderSettings();
    const field = await screen.findByRole('textbox', { name: `Nom de l’étape ${text.stages.contact}` });
    await user.type(field, 'Premier rendez-vous');
    await user.tab();
    await waitFor(async () => expect((await getStagesByKey())['contact']?.name).toBe('Premier rendez-vous'));
  });
});
