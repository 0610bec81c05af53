/**
 * Voice dictation for the quick note (Web Speech API, feature-detected). Without the API the
 * hook says so and the note stays a text field; an error or the end of speech just stops
 * listening — the typed text is never lost.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  getSpeechLanguage,
  getSpeechRecognition,
  readFinalTranscript,
  type SpeechRecognitionLike,
} from '../internal/speech.ts';

export type Dictation = {
  readonly isSupported: boolean;
  readonly isListening: boolean;
  readonly hasFailed: boolean;
  readonly start: () => void;
  readonly stop: () => void;
};

export function useDictation(language: string, onText: (text: string) => void): Dictation {
  const [isSupported] = useState(() => getSpeechRecognition() !== null);
  const [isListening, setIsListening] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);
  const recognition = useRef<SpeechRecognitionLike | null>(null);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  const stop = useCallback(() => {
    try {
      recognition.current?.stop();
    } catch {
      // Already stopped: nothing to do.
    }
  }, []);

  const start = useCallback(() => {
    const Recognition = getSpeechRecognition();
    if (!Recognition || recognition.current) return;
    setHasFailed(false);
    try {
      const instance = new Recognition();
      instance.lang = getSpeechLanguage(language);
      instance.continuous = true;
      instance.interimResults = false;
      instance.onresult = (event) => {
        const text = readFinalTranscript(event);
        if (text) onTextRef.current(text);
      };
      instance.onerror = (event) => {
        // "no-speech" and "aborted" are ordinary ends, not failures worth a message.
        if (event.error !== 'no-speech' && event.error !== 'aborted') setHasFailed(true);
      };
      instance.onend = () => {
        recognition.current = null;
        setIsListening(false);
      };
      recognition.current = instance;
      instance.start();
      setIsListening(true);
    } catch {
      recognition.current = null;
      setIsListening(false);
      setHasFailed(true);
    }
  }, [language]);

  useEffect(
    () => () => {
      try {
        recognition.current?.abort();
      } catch {
        // Leaving the screen: nothing more to do.
      }
    },
    [],
  );

  return { isSupported, isListening, hasFailed, start, stop };
}
