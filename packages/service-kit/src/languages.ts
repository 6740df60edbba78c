// Which language a request is answered in. The one home of the negotiation: the gateway passes the
// client's Accept-Language to every subgraph; each subgraph chooses from the languages its policy
// has texts in (the request's first, then the member's own, then English) and says in
// Content-Language what it used; the gateway gives the client what its subgraphs used.
import type { IncomingHttpHeaders } from 'node:http';

export const ACCEPT_LANGUAGE_HEADER = 'accept-language';
export const CONTENT_LANGUAGE_HEADER = 'content-language';
/** The last resort, and what the policy's texts are checked against. */
export const DEFAULT_LANGUAGE = 'en';

const RANGE = /^([a-zA-Z]{1,8})(?:-[a-zA-Z0-9]{1,8})*$|^\*$/;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The languages of an Accept-Language header (RFC 9110 §12.5.4), best first: the primary subtag of
 * each range in lower case (`de-AT` is `de`), ranges with q=0 dropped, ties kept in the client's
 * order. `*` stays as `*` (any language). Malformed ranges are skipped, never an error: a browser's
 * header must not fail a request.
 */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const ranges: Array<{ language: string; q: number; at: number }> = [];
  header.split(',').forEach((part, at) => {
    const [range, ...params] = part.trim().split(';').map((p) => p.trim());
    if (!range || !RANGE.test(range)) return;
    const quality = params.map((p) => QUALITY.exec(p)).find(Boolean);
    if (params.length && !quality) return;
    const q = quality ? Number(quality[1]) : 1;
    if (q > 0) ranges.push({ language: range === '*' ? '*' : range.split('-')[0]!.toLowerCase(), q, at });
  });
  ranges.sort((a, b) => b.q - a.q || a.at - b.at);
  return [...new Set(ranges.map((r) => r.language))];
}

/** The first language the request accepts that is `available`; null when it names none of them (or only `*`). */
export function negotiateLanguage(header: string | undefined, available: readonly string[]): string | null {
  return acceptedLanguages(header).find((language) => available.includes(language)) ?? null;
}

/**
 * One request's language: what it asked for, and every language its answer was written in, for
 * Content-Language. Texts are chosen per member (the member's own language is the second choice),
 * so one answer may use several.
 */
export class RequestLanguage {
  private readonly used = new Set<string>();
  /** The header's languages, best first: parsed once, on the first choice (an answer chooses per member and item). */
  private accepted?: string[];

  constructor(readonly acceptLanguage: string | undefined) {}

  static of(headers: IncomingHttpHeaders): RequestLanguage {
    const header = headers[ACCEPT_LANGUAGE_HEADER];
    return new RequestLanguage(typeof header === 'string' ? header : undefined);
  }

  /** The request's language if `available` has it, else the first preference it has, else English; recorded as used. */
  choose(available: readonly string[], ...preferences: Array<string | null | undefined>): string {
    this.accepted ??= acceptedLanguages(this.acceptLanguage);
    const asked = this.accepted.find((language) => available.includes(language));
    const chosen = asked ?? preferences.find((p): p is string => !!p && available.includes(p)) ?? DEFAULT_LANGUAGE;
    this.used.add(chosen);
    return chosen;
  }

  /** The languages the answer used, in the order first used (for Content-Language). */
  languagesUsed(): string[] {
    return [...this.used];
  }
}

/** Content-Language values of several answers (the gateway's subgraph fetches), merged without repeats. */
export function mergeContentLanguages(values: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(values.flatMap((v) => (v ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean)))];
}
