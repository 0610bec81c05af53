/**
 * Vehicles (V2): on-device carte grise reading and camera capture. Routes, the review screen and
 * the vehicle records come in a later step and will be exported from here too.
 */
export { CameraCapture, type CameraCaptureProps } from './capture/camera-capture.tsx';
export {
  OCR_PHASE_MESSAGE_KEYS,
  isPdfFile,
  readCarteGrise,
  stopOcr,
  warmOcr,
  type CarteGriseReading,
  type OcrPhase,
  type OcrProgress,
  type ReadCarteGriseOptions,
} from './ocr/read-carte-grise.ts';
