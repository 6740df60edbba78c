// The programme's calendar: "1 January" and policy dates are midnight in the programme's time zone,
// whatever zone a server runs in (Intl does the zone arithmetic; no dependency).

export const DEFAULT_PROGRAMME_TIME_ZONE = 'Europe/Amsterdam';

/** One formatter per zone: building one costs far more than using it. */
const clocks = new Map<string, Intl.DateTimeFormat>();

function clockIn(zone: string): Intl.DateTimeFormat {
  let clock = clocks.get(zone);
  if (!clock) {
    const fields = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    clocks.set(zone, (clock = new Intl.DateTimeFormat('en-CA', { timeZone: zone, ...fields, hourCycle: 'h23' })));
  }
  return clock;
}

const partsIn = (instant: Date, zone: string) => {
  const parts = clockIn(zone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

/** The calendar day (`YYYY-MM-DD`) it is at `instant` in `zone`. */
export function dayIn(instant: Date, zone: string): string {
  const { year, month, day } = partsIn(instant, zone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;

/** How far `zone`'s clocks are ahead of UTC at `instant`, in ms. */
function offsetAt(instant: Date, zone: string): number {
  const p = partsIn(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant `day` (`YYYY-MM-DD`) begins in `zone`: local midnight, or where the clocks jump
 * forward at midnight (Santiago, Havana, Asunción: 00:00 becomes 01:00), the jump itself. Both are
 * local midnight read with the offset the zone has on one side of the change or the other: the
 * earliest of those that falls on `day`. (No zone jumps across midnight from another hour.)
 */
export function midnightIn(day: string, zone: string): Date {
  const wallMidnight = Date.parse(`${day}T00:00:00Z`);
  const starts = [-DAY_MS, 0, DAY_MS]
    .map((shift) => new Date(wallMidnight - offsetAt(new Date(wallMidnight + shift), zone)))
    .filter((instant) => dayIn(instant, zone) === day)
    .sort((a, b) => a.getTime() - b.getTime());
  if (!starts.length) throw new Error(`${day} has no midnight in ${zone}`);
  return starts[0];
}

/** The latest 1 January (`YYYY-01-01`) whose midnight has come at `instant`, in `zone`. */
export function lastFirstOfJanuary(instant: Date, zone: string): string {
  return `${dayIn(instant, zone).slice(0, 4)}-01-01`;
}

/** The next 1 January (`YYYY-01-01`) after `instant`, in `zone`. */
export function nextFirstOfJanuary(instant: Date, zone: string): string {
  return `${Number(dayIn(instant, zone).slice(0, 4)) + 1}-01-01`;
}
