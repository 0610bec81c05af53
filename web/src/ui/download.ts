/**
 * Saves text as a file through a temporary link: nothing leaves the device, so it works offline.
 * Used for exports (CSV, the personal-data JSON).
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: revoke once they had the chance.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
