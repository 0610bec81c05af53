/**
 * Live scores over the replica: they follow the rows (an activity logged offline raises the deal's
 * score at once), use the tenant's saved weights, and equal shared/scoring's result for the same rows.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { scoreOpportunities, resolveWeights } from '@shared/scoring/index.ts';
import { createRow, updateRow } from '@web/lib/db/index.ts';
import { getTestDb, renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { getStageId } from '../fixtures/replica.tsx';
import { readOpportunityScoring, useContactScores, useOpportunityScores } from './use-scores.ts';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy } = await import('@web/test/replica.tsx');
  const { SCORING_TENANT_STATE } = await import('../fixtures/replica.tsx');
  return mockTenancy(SCORING_TENANT_STATE);
});

function Scores() {
  const opportunities = useOpportunityScores();
  const contacts = useContactScores();
  return (
    <ul>
      {[...opportunities, ...contacts].map(([id, result]) => (
        <li key={id}>{`${id}=${result.score}`}</li>
      ))}
    </ul>
  );
}

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

const findScore = async (id: string): Promise<number> => {
  const item = await screen.findByText(new RegExp(`^${id}=`));
  return Number(item.textContent.split('=')[1]);
};

describe('useOpportunityScores', () => {
  it('follows the replica: a logged call raises the score, saved weights apply', async () => {
    const { id: contactId } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    const { id } = await createRow('opportunities', {
      title: 'Flotte 2027',
      stage_id: await getStageId('demo'),
      contact_id: contactId,
    });
    renderWithProviders(<Scores />);
    const before = await findScore(id);
    const contactBefore = await findScore(contactId);

    await createRow('activities', {
      kind: 'call',
      outcome: 'reached',
      occurred_at: new Date().toISOString(),
      contact_id: contactId,
    });
    await waitFor(async () => expect(await findScore(id)).toBeGreaterThan(before));
    await waitFor(async () => expect(await findScore(contactId)).toBeGreaterThan(contactBefore));

    const { id: modelId } = await createRow('scoring_models', { kind: 'opportunity', weights: { stage: 0 } });
    await updateRow('scoring_models', modelId, { weights: { stage: 100, recency: 0, frequency: 0 } });
    const snapshot = await readOpportunityScoring(getTestDb());
    const expected = scoreOpportunities(snapshot.rows, resolveWeights(snapshot.models).opportunity, new Date());
    await waitFor(async () => expect(await findScore(id)).toBe(expected.get(id)?.score));
    expect(expected.get(id)?.contributions).toContainEqual({
      signal: 'stage',
      points: 60,
      params: { probability: 60 },
    });
  });
});
