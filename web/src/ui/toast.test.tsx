import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ToastProvider, useToast, type ToastOptions } from './toast.tsx';

function Trigger({ options }: { readonly options: ToastOptions }) {
  const show = useToast();
  return (
    <button type="button" onClick={() => show(options)}>
      montrer
    </button>
  );
}

function renderToast(options: ToastOptions) {
  render(
    <ToastProvider dismissLabel="Fermer">
      <Trigger options={options} />
    </ToastProvider>,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Toast', () => {
  it('announces the message and runs the action once, then closes', async () => {
    const onAction = vi.fn();
    renderToast({ message: 'Contact supprimé.', actionLabel: 'Annuler', onAction });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'montrer' }));

    expect(screen.getByRole('status')).toHaveTextContent('Contact supprimé.');
    await user.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(onAction).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Contact supprimé.')).not.toBeInTheDocument();
  });

  it('goes away by itself after its duration, and can be dismissed', async () => {
    vi.useFakeTimers();
    renderToast({ message: 'Vue enregistrée.', durationMs: 3000 });
    act(() => screen.getByRole('button', { name: 'montrer' }).click());
    expect(screen.getByText('Vue enregistrée.')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(3000));
    expect(screen.queryByText('Vue enregistrée.')).not.toBeInTheDocument();

    act(() => screen.getByRole('button', { name: 'montrer' }).click());
    act(() => screen.getByRole('button', { name: 'Fermer' }).click());
    expect(screen.queryByText('Vue enregistrée.')).not.toBeInTheDocument();
  });

  it('does nothing outside a provider', async () => {
    render(<Trigger options={{ message: 'perdu' }} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'montrer' }));
    expect(screen.queryByText('perdu')).not.toBeInTheDocument();
  });
});
