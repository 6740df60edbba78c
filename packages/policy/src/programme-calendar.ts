// The programme's calendar: "1 January" and policy dates are midnight in the programme's time zone,
// whatever zone a server runs in (Intl does the zone arithmetic; no dependency).

export const DEFAULT_PROGRAMME_TIME_ZONE = 'Europe/Amsterdam';

const partsIn = (instant: Date, zone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

/** The calendar day (`YYYY-MM-DD`) it is at `instant` in `zone`. */
export function dayIn(instant: Date, zone: string): string {
  const { year, month, day } = partsIn(instant, zone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant midnight begins `day` (`YYYY-MM-DD`) in `zone`. */
export function midnightIn(day: string, zone: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  // The zone's offset at that moment, applied twice to settle across a change of offset.
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(instant, zone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant = new Date(instant.getTime() - (shown - guess.getTime()));
  }
  return instant;
}

/** The latest 1 January (`YYYY-01-01`) whose midnight has come at `instant`, in `zone`. */
export function lastFirstOfJanuary(instant: Date, zone: string): string {
  return `${dayIn(instant, zone).slice(0, 4)}-01-01`;
}

/** The next 1 January (`YYYY-01-01`) after `instant`, in `zone`. */
export function nextFirstOfJanuary(instant: Date, zone: string): string {
  return `${Number(dayIn(instant, zone).slice(0, 4)) + 1}-01-01`;
}
