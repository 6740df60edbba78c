import { describe, expect, it } from 'vitest';
import { dayIn, lastFirstOfJanuary, midnightIn, nextFirstOfJanuary } from '../programme-calendar';

/** The day it was one millisecond before `instant`, in `zone`. */
const dayBefore = (instant: Date, zone: string) => dayIn(new Date(instant.getTime() - 1), zone);

describe('the programme calendar', () => {
  it('puts a day’s start at local midnight, on either side of a clock change', () => {
    expect(midnightIn('2027-01-01', 'Europe/Amsterdam').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(midnightIn('2026-07-01', 'Europe/Amsterdam').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The days the clocks change (at 02:00 and 03:00, not at midnight).
    expect(midnightIn('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(midnightIn('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(midnightIn('2026-06-01', 'Asia/Kolkata').toISOString()).toBe('2026-05-31T18:30:00.000Z');
  });

  it('starts a day whose midnight the clocks skip at the change itself, not an hour early in the day before', () => {
    // Santiago: 00:00 on 6 September 2026 becomes 01:00 (-04 → -03); Havana: 8 March 2026 (-05 → -04).
    for (const [day, zone, start] of [
      ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
      ['2026-03-08', 'America/Havana', '2026-03-08T05:00:00.000Z'],
    ]) {
      const instant = midnightIn(day, zone);
      expect(instant.toISOString()).toBe(start);
      expect(dayIn(instant, zone)).toBe(day);
      expect(dayBefore(instant, zone)).not.toBe(day);
    }
  });

  it('starts a day whose last hour before is repeated once, at the one midnight', () => {
    // Santiago, 5 April 2026: 00:00 (-03) goes back to 23:00 (-04) on the 4th; the 5th begins at 04:00Z.
    const instant = midnightIn('2026-04-05', 'America/Santiago');
    expect(instant.toISOString()).toBe('2026-04-05T04:00:00.000Z');
    expect(dayBefore(instant, 'America/Santiago')).toBe('2026-04-04');
  });

  it('names the last and the next 1 January in the programme’s zone, not the server’s', () => {
    const newYearInAmsterdam = new Date('2026-12-31T23:30:00Z');
    expect(lastFirstOfJanuary(newYearInAmsterdam, 'Europe/Amsterdam')).toBe('2027-01-01');
    expect(lastFirstOfJanuary(newYearInAmsterdam, 'America/New_York')).toBe('2026-01-01');
    expect(nextFirstOfJanuary(newYearInAmsterdam, 'Europe/Amsterdam')).toBe('2028-01-01');
  });
});
