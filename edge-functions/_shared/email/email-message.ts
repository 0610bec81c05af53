/** What every email provider sends, and the checks all of them apply first. */
import { AppError } from '../../../shared/errors/app-error.ts';

export type EmailMessage = {
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly html: string;
  /** Plain-text alternative: some clients and most spam filters want one. */
  readonly text: string;
  /** Labels for finding a message later; names and values use ASCII letters, digits, `_` and `-` (Resend's rule). */
  readonly tags?: Readonly<Record<string, string>>;
};

export type SentEmail = {
  /** The provider's message id. */
  readonly id: string;
};

export type SendEmail = (message: EmailMessage) => Promise<SentEmail>;

const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;

/** Recipients as a list; a message without a recipient or subject, or with a bad tag, is a bug in the caller. */
export function validateEmailMessage(message: EmailMessage): readonly string[] {
  const to = typeof message.to === 'string' ? [message.to] : [...message.to];
  if (to.length === 0 || to.some((address) => address.trim() === '')) {
    throw new AppError('INTERNAL', 'email without a recipient');
  }
  if (message.subject.trim() === '') throw new AppError('INTERNAL', 'email without a subject');
  for (const [name, value] of Object.entries(message.tags ?? {})) {
    if (!TAG_PART.test(name) || !TAG_PART.test(value)) {
      throw new AppError('INTERNAL', `email tag ${JSON.stringify(name)} must use ASCII letters, digits, _ and -`);
    }
  }
  return to;
}
