/** Wall-clock dates and times in the company's time zone (no date library). */
export {
  getDayKey,
  getZonedInstant,
  getZonedParts,
  parseLocalInputValue,
  shiftDayKey,
  toLocalInputValue,
  toZonedInputs,
  type ZonedParts,
} from './zoned-time.ts';
