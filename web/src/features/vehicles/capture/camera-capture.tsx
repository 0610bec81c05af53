/**
 * Camera capture of a carte grise: the rear camera at the highest resolution it offers, a
 * certificate-shaped guide, the torch where the device has one, live hints (too dark, hold still,
 * closer) and, always, a file picker — the native camera app or the photo library, JPEG, PNG or
 * PDF — for devices without getUserMedia, a refused permission, or a user who prefers it.
 * The still goes to `onCapture`; reading it is the caller's job (readCarteGrise).
 */
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_HEIGHT, TEMPLATE_WIDTH, toGray, type GrayImage } from '@shared/carte-grise/index.ts';
import { Button } from '@web/ui/button.tsx';
import {
  chooseHint,
  computeDocumentCoverage,
  computeFrameDifference,
  computeMeanLuma,
  HINT_MESSAGE_KEYS,
  type CaptureHint,
} from './frame-hints.ts';
import './camera-capture.css';

export type CameraCaptureProps = {
  /** A full-resolution still (camera) or the picked file (JPEG, PNG or PDF). */
  readonly onCapture: (image: Blob) => void;
};

/** What the file pickers accept; some pickers ignore `accept`, so the type is checked again. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

/** As asked of getUserMedia: the browser picks the closest the rear camera offers. */
export const VIDEO_CONSTRAINTS = {
  facingMode: 'environment',
  width: { ideal: 4096 },
  height: { ideal: 2160 },
} as const satisfies MediaTrackConstraints;

/** Hints are computed on frames this wide: cheap, and what the thresholds were tuned on. */
const HINT_FRAME_WIDTH = 320;
const HINT_INTERVAL_MS = 250;
/** The document detector runs on every 4th hint frame (≈ once a second). */
const DETECT_EVERY = 4;

type CameraStatus = 'starting' | 'live' | 'denied' | 'unavailable';

/** ImageCapture is Chromium's (and recent Safari's); not in TypeScript's DOM library. */
type ImageCaptureLike = {
  getPhotoCapabilities(): Promise<{ imageWidth?: { max?: number }; imageHeight?: { max?: number } }>;
  takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
};
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

type TrackCapabilities = MediaTrackCapabilities & { torch?: boolean; focusMode?: string[] };

/** False without getUserMedia (plain HTTP, old browsers, some in-app browsers): files only. */
function canUseCamera(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getUserMedia === 'function';
}

/** True for the types the reader takes. */
export function isAcceptedFile(file: Blob): boolean {
  return (ACCEPTED_TYPES as readonly string[]).includes(file.type);
}

function canvasToJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no JPEG from the canvas'))), 'image/jpeg', 0.95);
  });
}

/** The photo pipeline's full-resolution still where ImageCapture exists, else the video frame. */
async function takeStill(track: MediaStreamTrack, video: HTMLVideoElement): Promise<Blob> {
  const ImageCaptureClass = (globalThis as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  if (ImageCaptureClass) {
    try {
      const capture = new ImageCaptureClass(track);
      const photo = await capture.getPhotoCapabilities().catch(() => undefined);
      const width = photo?.imageWidth?.max;
      const height = photo?.imageHeight?.max;
      return await capture.takePhoto(width && height ? { imageWidth: width, imageHeight: height } : undefined);
    } catch {
      // Some cameras refuse takePhoto while streaming: the video frame is the fallback.
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0) throw new Error('no video frame yet');
  ctx.drawImage(video, 0, 0);
  return canvasToJpeg(canvas);
}

/** A small gray copy of the current video frame, for the hints. */
function grabHintFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): GrayImage | undefined {
  if (video.readyState < 2 || video.videoWidth === 0) return undefined;
  const width = HINT_FRAME_WIDTH;
  const height = Math.round((video.videoHeight / video.videoWidth) * width);
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.drawImage(video, 0, 0, width, height);
  return toGray(ctx.getImageData(0, 0, width, height));
}

export function CameraCapture({ onCapture }: CameraCaptureProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const trackRef = useRef<MediaStreamTrack | undefined>(undefined);
  const [status, setStatus] = useState<CameraStatus>(() => (canUseCamera() ? 'starting' : 'unavailable'));
  const [hasTorch, setHasTorch] = useState(false);
  const [isTorchOn, setIsTorchOn] = useState(false);
  const [hint, setHint] = useState<CaptureHint | undefined>(undefined);
  const [isShooting, setIsShooting] = useState(false);
  const [error, setError] = useState<'unsupportedFile' | 'captureFailed' | undefined>(undefined);
  const guideId = useId();
  const fileHintId = useId();

  useEffect(() => {
    let isCancelled = false;
    let stream: MediaStream | undefined;
    if (!canUseCamera()) return undefined;
    navigator.mediaDevices
      .getUserMedia({ video: VIDEO_CONSTRAINTS, audio: false })
      .then(async (opened) => {
        stream = opened;
        if (isCancelled) return;
        const track = opened.getVideoTracks()[0];
        const video = videoRef.current;
        if (!track || !video) return;
        trackRef.current = track;
        const capabilities = (track.getCapabilities?.() ?? {}) as TrackCapabilities;
        setHasTorch(capabilities.torch === true);
        if (capabilities.focusMode?.includes('continuous')) {
          await track
            .applyConstraints({ advanced: [{ focusMode: 'continuous' } as MediaTrackConstraintSet] })
            .catch(() => undefined);
        }
        video.srcObject = opened;
        await video.play().catch(() => undefined);
        if (!isCancelled) setStatus('live');
      })
      .catch((reason: unknown) => {
        if (isCancelled) return;
        const name = reason instanceof Error || reason instanceof DOMException ? reason.name : '';
        setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
      });
    return () => {
      isCancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
      trackRef.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (status !== 'live') return undefined;
    const canvas = document.createElement('canvas');
    let previous: GrayImage | undefined;
    let coverage: number | undefined;
    let tick = 0;
    const timer = setInterval(() => {
      const video = videoRef.current;
      const frame = video ? grabHintFrame(video, canvas) : undefined;
      if (!frame) return;
      if (tick % DETECT_EVERY === 0) coverage = computeDocumentCoverage(frame);
      tick += 1;
      const motion = previous ? computeFrameDifference(previous, frame) : undefined;
      previous = frame;
      setHint(chooseHint({ meanLuma: computeMeanLuma(frame), motion, coverage }));
    }, HINT_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [status]);

  const toggleTorch = async (): Promise<void> => {
    const track = trackRef.current;
    if (!track) return;
    const next = !isTorchOn;
    try {
      await track.applyConstraints({ advanced: [{ torch: next } as MediaTrackConstraintSet] });
      setIsTorchOn(next);
    } catch {
      // The torch can be taken by another app: the button keeps showing the real state.
    }
  };

  const shoot = async (): Promise<void> => {
    const track = trackRef.current;
    const video = videoRef.current;
    if (!track || !video || isShooting) return;
    setIsShooting(true);
    setError(undefined);
    try {
      onCapture(await takeStill(track, video));
    } catch {
      setError('captureFailed');
    } finally {
      setIsShooting(false);
    }
  };

  const pickFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    // Reset so picking the same file again fires a change.
    event.target.value = '';
    if (!file) return;
    if (!isAcceptedFile(file)) {
      setError('unsupportedFile');
      return;
    }
    setError(undefined);
    onCapture(file);
  };

  const isCameraShown = status === 'starting' || status === 'live';

  return (
    <section className="camera-capture" aria-label={t('vehicles.capture.title')}>
      {isCameraShown && (
        <div className="camera-capture__viewport">
          <video
            ref={videoRef}
            className="camera-capture__video"
            aria-label={t('vehicles.capture.video')}
            aria-describedby={guideId}
            playsInline
            muted
          />
          <div
            className="camera-capture__guide"
            style={{ aspectRatio: `${TEMPLATE_WIDTH} / ${TEMPLATE_HEIGHT}` }}
            aria-hidden="true"
          >
            <div className="camera-capture__mrz" />
          </div>
        </div>
      )}
      <p id={guideId} className="camera-capture__guide-text">
        {t('vehicles.capture.guide')}
      </p>
      <p className="camera-capture__hint" role="status">
        {status === 'starting' && t('vehicles.capture.starting')}
        {status === 'live' && hint && t(HINT_MESSAGE_KEYS[hint])}
      </p>
      {status === 'denied' && <p role="alert">{t('vehicles.capture.denied')}</p>}
      {status === 'unavailable' && <p role="alert">{t('vehicles.capture.unavailable')}</p>}
      {error && (
        <p role="alert">
          {error === 'unsupportedFile' ? t('vehicles.capture.unsupportedFile') : t('vehicles.capture.captureFailed')}
        </p>
      )}
      <div className="camera-capture__actions">
        {status === 'live' && (
          <Button onClick={() => void shoot()} isBusy={isShooting}>
            {isShooting ? t('vehicles.capture.shooting') : t('vehicles.capture.shoot')}
          </Button>
        )}
        {status === 'live' && hasTorch && (
          <Button variant="secondary" aria-pressed={isTorchOn} onClick={() => void toggleTorch()}>
            {isTorchOn ? t('vehicles.capture.torchOff') : t('vehicles.capture.torchOn')}
          </Button>
        )}
      </div>
      <div className="camera-capture__files">
        <label className="camera-capture__file">
          <span>{t('vehicles.capture.takePhoto')}</span>
          <input type="file" accept="image/jpeg,image/png" capture="environment" onChange={pickFile} />
        </label>
        <label className="camera-capture__file">
          <span>{t('vehicles.capture.chooseFile')}</span>
          <input type="file" accept={ACCEPTED_TYPES.join(',')} aria-describedby={fileHintId} onChange={pickFile} />
        </label>
        <p id={fileHintId} className="camera-capture__file-hint">
          {t('vehicles.capture.fileHint')}
        </p>
      </div>
    </section>
  );
}
