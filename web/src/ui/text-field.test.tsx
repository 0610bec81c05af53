/** TextAreaField: label, hint and error reach screen readers through the textarea itself. */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { TextAreaField } from './text-field.tsx';

describe('TextAreaField', () => {
  it('names the textarea and describes it with the hint, then the error', () => {
    const { rerender } = render(<TextAreaField label="Notes" hint="Visible par l’équipe" />);
    const area = screen.getByRole('textbox', { name: 'Notes' });
    expect(area).toHaveAccessibleDescription('Visible par l’équipe');
    expect(area).not.toHaveAttribute('aria-invalid');

    rerender(<TextAreaField label="Notes" hint="Visible par l’équipe" error="Trop long" />);
    expect(area).toHaveAccessibleDescription('Visible par l’équipe Trop long');
    expect(area).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps an invalid mark given by a form that shows the error elsewhere', () => {
    render(<TextAreaField label="Note" aria-invalid />);
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveAttribute('aria-invalid', 'true');
  });
});
