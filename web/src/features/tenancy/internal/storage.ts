/** localStorage as JSON, tolerant of private mode, a full disk and corrupt values. */

export function readStoredJson(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** `undefined` removes the key. */
export function writeStoredJson(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No storage: the app still works online, only the offline copy is lost.
  }
}
