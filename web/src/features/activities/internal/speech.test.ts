import { describe, expect, it } from 'vitest';
import { appendDictation, getSpeechLanguage, getSpeechRecognition, readFinalTranscript } from './speech.ts';

describe('speech', () => {
  it('finds the standard or the prefixed recognizer, else none', () => {
    class Standard {}
    class Prefixed {}
    expect(getSpeechRecognition({ SpeechRecognition: Standard, webkitSpeechRecognition: Prefixed })).toBe(Standard);
    expect(getSpeechRecognition({ webkitSpeechRecognition: Prefixed })).toBe(Prefixed);
    expect(getSpeechRecognition({})).toBeNull();
    expect(getSpeechRecognition({ webkitSpeechRecognition: 'not a class' })).toBeNull();
  });

  it('dictates in French by default and British English in English', () => {
    expect(getSpeechLanguage('fr')).toBe('fr-FR');
    expect(getSpeechLanguage('en')).toBe('en-GB');
  });

  it('keeps final results only and appends them to the typed text', () => {
    const final = Object.assign([{ transcript: ' budget Q2 ' }], { isFinal: true });
    const interim = Object.assign([{ transcript: 'bud' }], { isFinal: false });
    expect(readFinalTranscript({ resultIndex: 0, results: [final, interim] })).toBe('budget Q2');
    expect(appendDictation('RDV effectué. ', 'budget Q2')).toBe('RDV effectué. budget Q2');
    expect(appendDictation('', 'budget Q2')).toBe('budget Q2');
    expect(appendDictation('texte', '')).toBe('texte');
  });
});
