/** "contacts-2026-11-21.csv": the list's name and today's date (UTC). */
export function buildExportFileName(list: string, now = new Date()): string {
  return `${list}-${now.toISOString().slice(0, 10)}.csv`;
}
