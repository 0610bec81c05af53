/** The 6-digit TOTP code as people type or paste it ("123 456", "123-456"). */
export type TotpCodeProblem = 'account.code.invalid';

/** Digits only, or undefined when it is not 6 digits. */
export function normaliseTotpCode(input: string): string | undefined {
  const digits = input.replace(/[\s\-.\u00a0\u202f]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

export function findTotpCodeProblem(input: string): TotpCodeProblem | undefined {
  return normaliseTotpCode(input) === undefined ? 'account.code.invalid' : undefined;
}
