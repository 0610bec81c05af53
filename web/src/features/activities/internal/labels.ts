/** Translation keys of the activity enumerations, spelled out so the locale test sees them used. */
import type { ActivityKind, ActivityOutcome, DefaultStageKey } from '@shared/sales/index.ts';

export const KIND_KEYS: Readonly<Record<ActivityKind, `activities.kinds.${ActivityKind}`>> = {
  call: 'activities.kinds.call',
  email: 'activities.kinds.email',
  meeting: 'activities.kinds.meeting',
  note: 'activities.kinds.note',
  visit: 'activities.kinds.visit',
  stage_change: 'activities.kinds.stage_change',
  created: 'activities.kinds.created',
};

export const OUTCOME_KEYS: Readonly<Record<ActivityOutcome, `activities.outcomes.${ActivityOutcome}`>> = {
  reached: 'activities.outcomes.reached',
  voicemail: 'activities.outcomes.voicemail',
  call_back: 'activities.outcomes.call_back',
  not_interested: 'activities.outcomes.not_interested',
  done: 'activities.outcomes.done',
  no_show: 'activities.outcomes.no_show',
};

/** The four chips of the two-tap call (seed 001 D3), in the order a seller meets them. */
export const CALL_OUTCOMES = [
  'reached',
  'voicemail',
  'call_back',
  'not_interested',
] as const satisfies readonly ActivityOutcome[];

/** Default stages' names (seed 002); a renamed stage shows its own `name` instead. */
export const STAGE_KEYS: Readonly<Record<DefaultStageKey, `pipeline.stages.${DefaultStageKey}`>> = {
  prospect: 'pipeline.stages.prospect',
  contact: 'pipeline.stages.contact',
  interest: 'pipeline.stages.interest',
  demo: 'pipeline.stages.demo',
  proposal: 'pipeline.stages.proposal',
  won: 'pipeline.stages.won',
  lost: 'pipeline.stages.lost',
};

/** The translation key of a default stage; a custom stage (no key) has none. */
export function getStageKey(key: string | null): (typeof STAGE_KEYS)[DefaultStageKey] | null {
  return key !== null && Object.hasOwn(STAGE_KEYS, key) ? STAGE_KEYS[key as DefaultStageKey] : null;
}
