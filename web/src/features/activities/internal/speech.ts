/**
 * Voice dictation through the Web Speech API where the browser has it (Chromium and Safari
 * expose `webkitSpeechRecognition`, some `SpeechRecognition`). Everything is feature-detected:
 * without the API, or when it fails, the note stays a plain text field.
 */

/** The part of SpeechRecognition the quick note uses. */
export type SpeechRecognitionLike = {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: SpeechResultEvent) => void) | null;
  onerror: ((event: { readonly error?: string }) => void) | null;
  onend: (() => void) | null;
  start: () => void;
  stop: () => void;
  abort: () => void;
};

export type SpeechResultEvent = {
  readonly resultIndex: number;
  readonly results: ArrayLike<ArrayLike<{ readonly transcript: string }> & { readonly isFinal: boolean }>;
};

export type SpeechRecognitionConstructor = new () => SpeechRecognitionLike;

/** The browser's recognizer class, or null when dictation is not available. */
export function getSpeechRecognition(scope: object = globalThis): SpeechRecognitionConstructor | null {
  try {
    const candidates = scope as { SpeechRecognition?: unknown; webkitSpeechRecognition?: unknown };
    const found = candidates.SpeechRecognition ?? candidates.webkitSpeechRecognition;
    return typeof found === 'function' ? (found as SpeechRecognitionConstructor) : null;
  } catch {
    return null;
  }
}

/** The recognition language of a UI language (French first, British English otherwise). */
export function getSpeechLanguage(language: string): string {
  return language === 'en' ? 'en-GB' : 'fr-FR';
}

/** The final text of a result event from `resultIndex` on, joined with spaces. */
export function readFinalTranscript(event: SpeechResultEvent): string {
  const parts: string[] = [];
  for (let i = event.resultIndex; i < event.results.length; i += 1) {
    const result = event.results[i];
    if (result?.isFinal) parts.push((result[0]?.transcript ?? '').trim());
  }
  return parts.filter(Boolean).join(' ');
}

/** Appends dictated words to what was already typed. */
export function appendDictation(current: string, dictated: string): string {
  if (!dictated) return current;
  if (!current.trim()) return dictated;
  return `${current.replace(/\s+$/, '')} ${dictated}`;
}
