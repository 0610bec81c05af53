/** Saves a value as a pretty-printed JSON file through the browser's download (no server round trip). */
export function downloadJson(value: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: revoke once they had the chance.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
