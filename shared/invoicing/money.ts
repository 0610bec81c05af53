/**
 * Integer money arithmetic. Every amount is an integer number of euro cents; every rate is an
 * integer number of basis points (1 bp = 0.01 %, so 20 % = 2000 and 5.5 % = 550); every quantity
 * is an integer number of thousandths (1.5 h = 1500). Intermediate products (thousandth-cents,
 * cent-basis-points) stay exact while below 2^53 — about €900 billion per line, checked by
 * `assertSafeInteger` — so no float ever carries a fraction of a cent.
 */

/** Throws when a value is not a safe integer: the one place a precision loss would slip in. */
export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

/**
 * Divides two integers and rounds half away from zero ("arrondi commercial", the rounding French
 * accounting and EN 16931 BR-CO-17 use): 0.5 cent → 1 cent, -0.5 cent → -1 cent.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  const quotient = Math.floor(abs / denominator);
  const remainder = abs - quotient * denominator;
  const rounded = remainder * 2 >= denominator ? quotient + 1 : quotient;
  return sign * rounded || 0;
}

/** Applies a rate in basis points to cents, rounded half-up to the cent. */
export function applyBasisPoints(cents: number, basisPoints: number): number {
  return divideRoundHalfUp(cents * basisPoints, 10_000);
}

/** Quantity (thousandths) × unit price (cents), rounded half-up to the cent. */
export function multiplyQuantity(quantityMilli: number, unitPriceCents: number): number {
  const product = quantityMilli * unitPriceCents;
  assertSafeInteger(product, 'quantity × unit price');
  return divideRoundHalfUp(product, 1000);
}

/**
 * Splits `total` cents across `weights` proportionally, largest remainder first, so the parts
 * always add up to exactly `total` (used to spread a document-level discount over VAT rates).
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.floor(r));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    rest -= 1;
  }
  return parts;
}

/** "1234.50" — the decimal form XML (CII) and CSV files carry; always two decimals, dot separator. */
export function formatCentsDecimal(cents: number): string {
  assertSafeInteger(cents, 'cents');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1234,50" — the French decimal comma the FEC and French CSV exports use. */
export function formatCentsFrench(cents: number): string {
  return formatCentsDecimal(cents).replace('.', ',');
}

/** "1.5", "2", "0.125" — thousandths as a minimal decimal string. */
export function formatMilli(milli: number): string {
  assertSafeInteger(milli, 'quantity');
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const frac = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 1000)}${frac ? `.${frac}` : ''}`;
}

/** "20", "5.5", "2.1" — a rate in basis points as a percent number without trailing zeros. */
export function formatBasisPoints(basisPoints: number): string {
  assertSafeInteger(basisPoints, 'rate');
  const frac = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(basisPoints / 100)}${frac ? `.${frac}` : ''}`;
}

/**
 * "1 234,50 €" / "€1,234.50" for the PDF. Built by hand rather than with Intl so the output is the
 * same in every runtime and only uses characters the PDF's WinAnsi font can draw (plain spaces).
 */
export function formatMoney(cents: number, language: 'fr' | 'en'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100));
  const group = language === 'fr' ? ' ' : ',';
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const decimals = String(abs % 100).padStart(2, '0');
  return language === 'fr' ? `${sign}${grouped},${decimals} €` : `${sign}€${grouped}.${decimals}`;
}
