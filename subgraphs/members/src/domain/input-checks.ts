import { badInput, excerpt } from '@cps/service-kit';

/** Characters that show nothing: zero-width spaces and joiners, the word joiner, the BOM, the soft hyphen. */
const INVISIBLE = /[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufeff\uffa0]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;


/** Text a person typed: something visible, no control characters, line or paragraph separators, or broken characters. */
export function requiredText(field: string, value: string | null | undefined, label: string, max = 200): string {
  const text = (value ?? '').trim();
  if (!text || !text.replace(INVISIBLE, '').trim()) throw badInput(field, `${label} is required.`, { key: 'error.required' });
  if (text.length > max) throw badInput(field, `${label} is too long (at most ${max} characters).`, { key: 'error.tooLong', params: { max } });
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) throw badInput(field, `${label} must not contain control characters (such as line breaks or tabs).`, { key: 'error.controlCharacters' });
  if (/[\u2028\u2029]/.test(text)) throw badInput(field, `${label} must be on one line (it contains a line or paragraph separator).`, { key: 'error.oneLine' });
  if (LONE_SURROGATE.test(text)) throw badInput(field, `${label} contains a broken character (half of a character pair): type it again.`, { key: 'error.brokenCharacter' });
  return text;
}

/**
 * A practical e-mail check: one @, a dotted domain, no spaces, nothing invisible. Compared after
 * Unicode normalisation (NFKC) and in lower case, so look-alike forms (full-width letters, …) of
 * one address are one account. Deliverability is the mail's job.
 */
export function emailAddress(field: string, value: string): string {
  const email = requiredText(field, value, 'E-mail address', 254);
  if (email !== email.replace(INVISIBLE, '')) throw badInput(field, 'The e-mail address contains an invisible character (such as a zero-width space): type it again.', { key: 'error.emailInvisible' });
  const normalised = email.normalize('NFKC');
  if (normalised.length > 254) throw badInput(field, 'E-mail address is too long (at most 254 characters).', { key: 'error.emailTooLong', params: { max: 254 } });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised)) throw badInput(field, `"${excerpt(email)}" is not an e-mail address.`, { key: 'error.notAnEmail', params: { value: excerpt(email) } });
  // .invalid is reserved (RFC 2606): it never receives mail, and erased accounts keep such a placeholder.
  if (/\.invalid$/i.test(normalised)) throw badInput(field, `"${excerpt(email)}" cannot receive e-mail (.invalid is a reserved domain).`, { key: 'error.emailReserved', params: { value: excerpt(email) } });
  return normalised;
}


/** A day that exists, written YYYY-MM-DD. */
export function calendarDay(field: string, value: string): string {
  // A round trip catches days that do not exist (Date.parse turns 30 February into 2 March).
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw badInput(field, `"${excerpt(value)}" is not a day of the calendar (write it as YYYY-MM-DD, e.g. 2024-05-01).`, { key: 'error.notADay', params: { value: excerpt(value) } });
  }
  return value;
}

/** A purchase date is a real day, not in the future, and not before the maker sold cameras. */
export function purchaseDate(field: string, value: string, today: Date = new Date()): string {
  calendarDay(field, value);
  const todayIso = today.toISOString().slice(0, 10);
  if (value > todayIso) throw badInput(field, `The purchase date ${value} is in the future.`, { key: 'error.purchaseInFuture', params: { value } });
  if (value < '1937-01-01') throw badInput(field, `The purchase date ${value} is before the maker's first camera.`, { key: 'error.purchaseTooEarly', params: { value } });
  return value;
}
