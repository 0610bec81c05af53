/**
 * The capture screen as users meet it where jsdom can play the part: no camera (file fallback),
 * a refused permission, a camera with a torch. The video pipeline itself runs in the e2e journey.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CameraCapture, VIDEO_CONSTRAINTS } from './camera-capture.tsx';

function setMediaDevices(value: unknown): void {
  Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true });
}

afterEach(() => {
  setMediaDevices(undefined);
  vi.restoreAllMocks();
});

function pick(label: string, file: File): void {
  fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });
}

describe('CameraCapture', () => {
  it('without a camera, explains it and hands over a picked JPEG or PDF', () => {
    setMediaDevices(undefined);
    const onCapture = vi.fn();
    render(<CameraCapture onCapture={onCapture} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Aucune caméra n’est disponible ici.');
    expect(screen.queryByRole('button', { name: 'Prendre la photo' })).not.toBeInTheDocument();
    const jpeg = new File(['jpeg'], 'cg.jpg', { type: 'image/jpeg' });
    pick('Choisir une photo ou un PDF', jpeg);
    const pdf = new File(['%PDF-'], 'cg.pdf', { type: 'application/pdf' });
    pick('Choisir une photo ou un PDF', pdf);
    expect(onCapture.mock.calls).toEqual([[jpeg], [pdf]]);
  });

  it('refuses a file that is not JPEG, PNG or PDF', () => {
    setMediaDevices(undefined);
    const onCapture = vi.fn();
    render(<CameraCapture onCapture={onCapture} />);
    pick('Photographier avec l’appareil', new File(['gif'], 'cg.gif', { type: 'image/gif' }));
    expect(onCapture).not.toHaveBeenCalled();
    expect(screen.getByText('Ce fichier n’est pas une image JPEG ou PNG, ni un PDF.')).toHaveAttribute('role', 'alert');
  });

  it('offers the native camera app for JPEG/PNG and the library for PDFs too', () => {
    setMediaDevices(undefined);
    render(<CameraCapture onCapture={vi.fn()} />);
    const photo = screen.getByLabelText('Photographier avec l’appareil');
    expect(photo).toHaveAttribute('capture', 'environment');
    expect(photo).toHaveAttribute('accept', 'image/jpeg,image/png');
    expect(screen.getByLabelText('Choisir une photo ou un PDF')).toHaveAttribute(
      'accept',
      'image/jpeg,image/png,application/pdf',
    );
  });

  it('says so when camera access is refused', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    setMediaDevices({ getUserMedia });
    render(<CameraCapture onCapture={vi.fn()} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('L’accès à la caméra est refusé.');
    expect(getUserMedia).toHaveBeenCalledWith({ video: VIDEO_CONSTRAINTS, audio: false });
  });

  it('asks for the rear camera at its highest resolution and switches the torch', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const applyConstraints = vi.fn().mockResolvedValue(undefined);
    const stop = vi.fn();
    const track = { getCapabilities: () => ({ torch: true }), applyConstraints, stop };
    const stream = { getVideoTracks: () => [track], getTracks: () => [track] };
    const getUserMedia = vi.fn().mockResolvedValue(stream);
    setMediaDevices({ getUserMedia });
    const { unmount } = render(<CameraCapture onCapture={vi.fn()} />);
    const torch = await screen.findByRole('button', { name: 'Allumer la lampe' });
    expect(getUserMedia.mock.calls[0]?.[0]).toEqual({
      video: { facingMode: 'environment', width: { ideal: 4096 }, height: { ideal: 2160 } },
      audio: false,
    });
    expect(torch).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(torch);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Éteindre la lampe' })).toBeInTheDocument());
    expect(applyConstraints).toHaveBeenLastCalledWith({ advanced: [{ torch: true }] });
    expect(screen.getByRole('button', { name: 'Éteindre la lampe' })).toHaveAttribute('aria-pressed', 'true');
    unmount();
    expect(stop).toHaveBeenCalled();
  });
});
