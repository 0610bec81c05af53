/**
 * Translation keys of the pipeline's enumerations, spelled out (not built) so the locale test sees
 * them used: the default stages' names, the sources, the score bands.
 */
import type { TFunction } from 'i18next';
import type { OpportunitySource, PipelineStage } from '@shared/sales/index.ts';

export const STAGE_KEYS = {
  prospect: 'pipeline.stages.prospect',
  contact: 'pipeline.stages.contact',
  interest: 'pipeline.stages.interest',
  demo: 'pipeline.stages.demo',
  proposal: 'pipeline.stages.proposal',
  won: 'pipeline.stages.won',
  lost: 'pipeline.stages.lost',
} as const;

function isDefaultStageKey(key: string): key is keyof typeof STAGE_KEYS {
  return Object.hasOwn(STAGE_KEYS, key);
}

/** A stage's name: the tenant's rename, else the default stage's translated name. */
export function getStageLabel(stage: Pick<PipelineStage, 'name' | 'key'>, t: TFunction): string {
  if (stage.name) return stage.name;
  if (stage.key && isDefaultStageKey(stage.key)) return t(STAGE_KEYS[stage.key]);
  return t('pipeline.stages.unnamed');
}

export const SOURCE_KEYS = {
  website: 'pipeline.sources.website',
  referral: 'pipeline.sources.referral',
  cold_call: 'pipeline.sources.cold_call',
  event: 'pipeline.sources.event',
  partner: 'pipeline.sources.partner',
  inbound: 'pipeline.sources.inbound',
  other: 'pipeline.sources.other',
} as const satisfies Readonly<Record<OpportunitySource, string>>;

export const KIND_KEYS = {
  open: 'pipeline.settings.kinds.open',
  won: 'pipeline.settings.kinds.won',
  lost: 'pipeline.settings.kinds.lost',
} as const;
