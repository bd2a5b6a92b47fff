// Dates as waivers write them: an expiry in an inline waiver, in the config's waivers, or the
// READINESS_LINT_TODAY override. One check for all three, below every layer that reads them.

/** True for a real calendar date written YYYY-MM-DD (2027-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
