/** The scoring feature's results, by opportunity id (useOpportunityScores). */
import type { ScoreResult } from '@web/features/scoring/index.ts';

export type { ScoreResult };
export type ScoreMap = ReadonlyMap<string, ScoreResult>;
