/** Addresses of the activity screens (French, like the rest of the app's addresses). */
export const ACTIVITIES_PATHS = {
  feed: '/activite',
} as const;

/** The team feed filtered on one client. */
export function buildClientFeedPath(companyId: string): string {
  return `${ACTIVITIES_PATHS.feed}?client=${encodeURIComponent(companyId)}`;
}
