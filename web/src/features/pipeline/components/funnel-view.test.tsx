/**
 * The funnel reads the stage history: how many opportunities reached each open stage and won, the
 * conversion from each step to the next in words (not only bars), and an empty state before any
 * history exists.
 */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { DEFAULT_STAGES, type OpportunityStageHistory, type PipelineStage } from '@shared/sales/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import '@web/i18n/index.ts';
import { FunnelView } from './funnel-view.tsx';

const text = fr.pipeline;
const norm = (message: string) => message.replace(/\s+/g, ' ');

const STAGES: PipelineStage[] = DEFAULT_STAGES.map((stage) => ({
  ...stage,
  id: `stage-${stage.key}`,
  tenant_id: 't',
  name: null,
  color: null,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
}));

let counter = 0;
function enter(opportunity: string, key: string): OpportunityStageHistory {
  counter += 1;
  return {
    id: `h-${counter}`,
    tenant_id: 't',
    opportunity_id: opportunity,
    from_stage_id: null,
    to_stage_id: `stage-${key}`,
    changed_by: null,
    changed_at: new Date(Date.UTC(2026, 10, 1, 0, counter)).toISOString(),
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  };
}

function stepOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: '.funnel__name' }).closest('li') as HTMLElement;
}

describe('funnel view', () => {
  it('counts who reached each stage and the conversion to the next, in words', () => {
    // Four start as prospects; two reach contact (one skips straight to demo); one wins, one is lost.
    const history = [
      enter('a', 'prospect'),
      enter('b', 'prospect'),
      enter('c', 'prospect'),
      enter('d', 'prospect'),
      enter('a', 'contact'),
      enter('b', 'demo'),
      enter('a', 'proposal'),
      enter('a', 'won'),
      enter('b', 'lost'),
    ];
    render(<FunnelView stages={STAGES} history={history} />);

    expect(screen.getByRole('heading', { name: text.funnel.title })).toBeInTheDocument();
    const prospect = stepOf(text.stages.prospect);
    expect(within(prospect).getByText(norm('4\u00a0opportunités'))).toBeInTheDocument();
    // 2 of 4 went further than prospect.
    expect(
      within(prospect).getByText(norm('50\u00a0% passent à l’étape suivante (2\u00a0opportunités)')),
    ).toBeInTheDocument();
    const demo = stepOf(text.stages.demo);
    expect(within(demo).getByText(norm('2\u00a0opportunités'))).toBeInTheDocument();
    expect(within(stepOf(text.stages.won)).getByText(norm('1\u00a0opportunité'))).toBeInTheDocument();
    expect(screen.queryByText(text.stages.lost, { selector: '.funnel__name' })).not.toBeInTheDocument();
    expect(screen.getByText(norm('Taux de transformation global\u00a0: 25\u00a0%'))).toBeInTheDocument();
  });

  it('says the funnel fills with time when there is no history yet', () => {
    render(<FunnelView stages={STAGES} history={[]} />);
    expect(screen.getByRole('heading', { name: text.funnel.emptyTitle })).toBeInTheDocument();
  });
});
