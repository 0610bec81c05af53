/**
 * Document numbers: `<prefix><year>-<sequence>` such as "2026-0001" (invoices) or "AV-2026-0001"
 * (credit notes, their own series). Only the formatting lives here: the gapless, chronological
 * sequence itself is assigned by the database at finalisation, in the same transaction that
 * freezes the document, so two devices can never take the same number.
 */

export type NumberSeries = {
  /** "" for invoices, "AV-" for credit notes, "AC-" for deposit invoices — tenant setting. */
  prefix: string;
  /** Zero-padding of the sequence; longer sequences are printed in full, never truncated. */
  digits?: number;
};

/** Formats the `sequence`-th number of a series for a year: 1 → "2026-0001". */
export function formatDocumentNumber(series: NumberSeries, year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid year ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence ${sequence}`);
  return `${series.prefix}${year}-${String(sequence).padStart(series.digits ?? 4, '0')}`;
}

/** Reads a number back into its year and sequence; null when it does not belong to the series. */
export function parseDocumentNumber(series: NumberSeries, value: string): { year: number; sequence: number } | null {
  if (!value.startsWith(series.prefix)) return null;
  const match = /^(\d{4})-(\d+)$/.exec(value.slice(series.prefix.length));
  if (!match) return null;
  return { year: Number(match[1]), sequence: Number(match[2]) };
}
