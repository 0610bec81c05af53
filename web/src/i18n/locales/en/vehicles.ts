/** English messages of the vehicles feature (same keys as French). */
import type { vehiclesFr } from '../fr/vehicles.ts';

export const vehiclesEn: typeof vehiclesFr = {
  capture: {
    title: 'Photograph the registration certificate',
    guide: 'Place the unfolded certificate, front side up, inside the frame, reading strip at the bottom.',
    video: 'Rear camera preview',
    starting: 'Opening the camera…',
    shoot: 'Take the photo',
    shooting: 'Taking the photo…',
    torchOn: 'Turn the light on',
    torchOff: 'Turn the light off',
    takePhoto: 'Take a photo with the camera app',
    chooseFile: 'Choose a photo or a PDF',
    fileHint: 'JPEG, PNG or PDF (first page).',
    unsupportedFile: 'This file is not a JPEG or PNG image, nor a PDF.',
    denied: 'Camera access is blocked. Allow it in the browser settings, or choose a photo below.',
    unavailable: 'No camera is available here. Choose a photo or a PDF below.',
    captureFailed: 'The photo could not be taken. Try again, or choose a photo below.',
    hints: {
      tooDark: 'Too dark: move near a light or turn the light on.',
      holdStill: 'Hold still.',
      closer: 'Move closer: the certificate should fill the frame.',
      ready: 'Framing looks good, you can take the photo.',
    },
  },
  ocr: {
    progress: {
      loadingModel: 'Getting the reader ready…',
      decoding: 'Opening the image…',
      detecting: 'Looking for the document…',
      readingFields: 'Reading the fields ({{done}}/{{total}})…',
    },
  },
};
