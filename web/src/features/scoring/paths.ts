/** Paths of the scoring screens. */
export const SCORING_PATHS = {
  settings: '/parametres/score',
} as const;
