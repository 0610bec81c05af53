/** Addresses of the pipeline screens (French, like the rest of the app's addresses). */
export const PIPELINE_PATHS = {
  board: '/pipeline',
  opportunityNew: '/pipeline/nouvelle',
  settings: '/parametres/pipeline',
} as const;

/** The page of one opportunity. */
export function buildOpportunityPath(id: string): string {
  return `${PIPELINE_PATHS.board}/${encodeURIComponent(id)}`;
}

/** The edit form of one opportunity. */
export function buildOpportunityEditPath(id: string): string {
  return `${buildOpportunityPath(id)}/modifier`;
}
