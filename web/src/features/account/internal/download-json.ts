import { downloadText } from '@web/ui/index.ts';

/** Saves a value as a pretty-printed JSON file through the browser's download (no server round trip). */
export function downloadJson(value: unknown, fileName: string): void {
  downloadText(fileName, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
