import { badInput } from './errors';

const ID = /^[1-9]\d{0,11}$/;

/** An id the client gave as input (`productId`, `equipmentId`, …): a positive whole number, or BAD_USER_INPUT on its field. */
export function parseId(field: string, value: string | number | null | undefined): number {
  if (!ID.test(String(value ?? '').trim())) throw badInput(field, `"${value}" is not an id.`);
  return Number(String(value).trim());
}

/** An id to look up (`member(id:)`, an entity reference): null for one no row can have. */
export function idOrNull(value: string | number | null | undefined): number | null {
  const text = String(value ?? '').trim();
  return ID.test(text) ? Number(text) : null;
}

/**
 * Whether a token's subject names a member: member ids are all digits. Staff subjects (`--as
 * anna.weber`) always have a letter, so one never reads as the other.
 */
export const namesMember = (subject: string | null | undefined): subject is string => !!subject && /^\d+$/.test(subject);
