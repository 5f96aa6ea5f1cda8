/**
 * The clinics' calendar is South Africa's (Africa/Johannesburg, UTC+2 all year). "Today" for a date
 * of birth, a follow-up date or a prescription's start is that calendar's date, not UTC's: between
 * 00:00 and 02:00 SAST the two differ.
 */
const SAST_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the clinics' calendar, as YYYY-MM-DD. */
export function clinicToday(now: Date = new Date()): string {
  return SAST_DATE.format(now);
}
