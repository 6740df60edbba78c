/**
 * Public data (products, countries) is the same for everyone: the gateway serves an anonymous
 * caller's repeat from its response cache, says so with `Age`, and answers GET and POST with
 * `Cache-Control: max-age=60, public` so a CDN can hold it. Nothing of a member's is ever cached
 * or served from the cache, and a caller with a token is never served a cached answer.
 */
import { describe, expect, it } from 'vitest';
import { stackFor } from './harness';

const REGISTER_FORM = `query RegisterForm {
  products { id model kind tierCap supported serialPattern serialHint }
  countries { code name maxTier }
}`;
const DASHBOARD = 'query Dashboard { me { number name equipment { serialNumber product { model } } } }';

describe('public data from the gateway response cache and a CDN', () => {
  const stack = stackFor({ db: 'sqlite', env: { PUBLIC_CACHE_ENTRIES: '100' } });

  const post = async (query: string, options: { token?: string; operationName?: string; language?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.language) headers['accept-language'] = options.language;
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, operationName: options.operationName }) });
    return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[] } };
  };

  it('the registration form’s lists come with Cache-Control: max-age=60, public; the repeat is served from the cache', async () => {
    const first = await post(REGISTER_FORM);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.products.length).toBeGreaterThan(40);
    expect(first.headers.get('cache-control')).toBe('max-age=60, public');
    expect(first.headers.get('age')).toBeNull();
    // Subgraphs write texts in the caller's language: a CDN keeps a copy per Accept-Language.
    expect(first.headers.get('vary')).toMatch(/accept-language/i);
    const again = await post(REGISTER_FORM);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('cache-control')).toBe('max-age=60, public');
    expect(again.headers.get('age')).toMatch(/^\d+$/);
  });

  it('one cached copy per language the answer is written in: de-AT is German, a language without texts is English', async () => {
    const COUNTRIES = '{ countries { code name } }';
    const german = await post(COUNTRIES, { language: 'de' });
    const germanName = german.body.data.countries.find((c: any) => c.code === 'DE').name;
    expect(germanName).toBe('Deutschland');
    const austrian = await post(COUNTRIES, { language: 'de-AT, en;q=0.5' });
    expect(austrian.headers.get('age')).toMatch(/^\d+$/); // the German copy
    expect(austrian.body).toEqual(german.body);
    const french = await post(COUNTRIES, { language: 'fr' });
    expect(french.headers.get('age')).toBeNull();
    expect(french.body.data.countries.find((c: any) => c.code === 'DE').name).toBe('Allemagne');
    const english = await post(COUNTRIES, { language: 'nl' }); // no Dutch texts: English, stored once
    expect(english.body.data.countries.find((c: any) => c.code === 'DE').name).toBe('Germany');
    expect((await post(COUNTRIES, { language: 'pt, *;q=0.1' })).headers.get('age')).toMatch(/^\d+$/);
  });

  it('a GET for public data is answered with Cache-Control, so a CDN can hold it', async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set('query', '{ country(code: "DE") { code name maxTier } }');
    // Apollo's CSRF prevention wants a header a browser's simple request cannot carry.
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=60, public');
    expect(((await response.json()) as any).data.country).toMatchObject({ code: 'DE' });
  });

  it('a member’s dashboard is never cached: no-store, and asked afresh every time', async () => {
    const token = await stack.token({ member: 1 });
    for (let i = 0; i < 2; i++) {
      const answer = await post(DASHBOARD, { token });
      expect(answer.body.data.me.number).toBe('10000001');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('age')).toBeNull();
    }
  });

  it('an answer with anything of a member’s beside public data is no-store, and so is its anonymous twin', async () => {
    const mixed = '{ me { number } countries { code } }';
    const member = await post(mixed, { token: await stack.token({ member: 1 }) });
    expect(member.body.data.me.number).toBe('10000001');
    expect(member.headers.get('cache-control')).toBe('no-store');
    // Anonymous, the same document asks for a member too (refused): nothing of it is stored.
    for (let i = 0; i < 2; i++) {
      const anonymous = await post(mixed);
      expect(anonymous.body.data?.me ?? null).toBeNull();
      expect(anonymous.headers.get('age')).toBeNull();
    }
  });

  it('a caller with a token is never served from the cache, even for public data', async () => {
    await post(REGISTER_FORM);
    const answer = await post(REGISTER_FORM, { token: await stack.token({ member: 2 }) });
    expect(answer.body.data.countries.length).toBeGreaterThan(10);
    expect(answer.headers.get('age')).toBeNull();
  });

  it('a cached answer does not ask the catalogue: with the catalogue down, it is still served, and only it', async () => {
    const countriesOnly = 'query Countries { countries { code name } }';
    await post(REGISTER_FORM);
    await post(countriesOnly);
    await stack.subgraphs.catalogue.close();
    const cached = await post(REGISTER_FORM);
    expect(cached.body.errors).toBeUndefined();
    expect(cached.body.data.products.length).toBeGreaterThan(40);
    expect(cached.headers.get('age')).not.toBeNull();
    const fresh = await post('query Kinds { products { kind } }');
    expect(fresh.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(fresh.headers.get('cache-control')).toBe('no-store');
  });
});
