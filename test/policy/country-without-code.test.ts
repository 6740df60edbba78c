import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, startStack, type Stack } from '../harness';
import { me, registerEquipment, REGISTER_MEMBER, PRODUCTS, bodySerial, lensSerial } from '../lifecycle/workflows';
import { copyRules, untilEveryService } from './rules-copy';

const signUp = (stack: Stack, countryCode: string, email: string) =>
  stack.query(REGISTER_MEMBER, {
    variables: { input: { name: 'Regional Tester', email, address: { street: 'Main 1', postalCode: '1000', city: 'Capital', countryCode } } },
  });

/** Three bodies and four lenses that all count towards Platinum. */
async function registerPlatinumKit(stack: Stack, member: number) {
  for (let i = 0; i < 3; i++) await registerEquipment(stack, member, { productId: PRODUCTS.eos5DMarkIV, serialNumber: bodySerial() });
  for (let i = 0; i < 4; i++) await registerEquipment(stack, member, { productId: PRODUCTS.rf24_70, serialNumber: lensSerial() });
}

describe.each(databaseKinds())('a regional team adds a country with one JSON file, no code (%s)', (db) => {
  let stack: Stack;
  let rules: ReturnType<typeof copyRules>;
  beforeAll(async () => {
    rules = copyRules();
    stack = await startStack({ db, rulesDir: rules.dir });
  });
  afterAll(async () => {
    await stack?.close();
    rules?.remove();
  });

  it('a new country file: countries lists it, sign-up from there is accepted, and its cap holds', async () => {
    expect(errorCodes(await signUp(stack, 'GR', 'before@example.gr'))).toEqual(['NOT_IN_PROGRAMME_COUNTRY']);
    const greece = {
      kind: 'country',
      version: '1.0.0',
      description: 'Greece joins the programme, Silver-only at first.',
      code: 'GR',
      name: 'Greece',
      maxTier: 'SILVER',
      language: 'el',
      handlerTeam: { name: 'CPS handler team South-East Europe', email: 'cps-see@cps.example' },
      onSiteSupport: false,
      servicePoint: { name: 'CPS Service Point Athens', address: 'Leoforos Kifisias 44, 15125 Marousi', phone: '+30 210 000 0100' },
      dealers: [{ name: 'Photo Lab Athens', spellings: ['PhotoLab'] }],
    };
    const urls = Object.values(stack.subgraphs).map((s) => s.url);
    const [{ version: before }] = await untilEveryService(urls, () => true);
    rules.write('countries/gr.json', greece);
    await untilEveryService(urls, (policy) => policy.version !== before);
    expect((await stack.query('{ countries { code } }')).data.countries.map((c: any) => c.code)).toContain('GR');
    const { data } = await stack.query('{ country(code: "GR") { code name maxTier } }');
    expect(data.country).toEqual({ code: 'GR', name: 'Greece', maxTier: 'SILVER' });

    const joined = await signUp(stack, 'GR', 'after@example.gr');
    expect(joined.errors).toBeUndefined();
    const member = Number(joined.data.registerMember.id);
    await registerPlatinumKit(stack, member);
    const greek = await me(stack, member);
    expect(greek.qualifyingTier).toBe('SILVER');
    expect(greek.nextTier).toBeNull();
  });

  it("lifting a country's Silver-only cap is one edit: the same equipment then gives Platinum", async () => {
    const joined = await signUp(stack, 'LV', 'riga@example.lv');
    const member = Number(joined.data.registerMember.id);
    await registerPlatinumKit(stack, member);
    expect((await me(stack, member)).qualifyingTier).toBe('SILVER');
    const urls = Object.values(stack.subgraphs).map((s) => s.url);
    const [{ version: before }] = await untilEveryService(urls, () => true);
    rules.edit('countries/lv.json', (pack) => {
      pack.maxTier = 'PLATINUM';
    });
    // Each service picks the edit up on its own poll: wait for all of them (regions answers below).
    await untilEveryService(urls, (policy) => policy.version !== before);
    await expect.poll(async () => (await me(stack, member)).qualifyingTier, { timeout: 3000 }).toBe('PLATINUM');
    // Crossing a threshold qualifies at once, whatever made it cross: the held tier rises too.
    await expect.poll(async () => (await me(stack, member)).tier, { timeout: 3000 }).toBe('PLATINUM');
    const history = (await me(stack, member)).tierHistory;
    expect(history.at(-1)).toMatchObject({ from: 'SILVER', to: 'PLATINUM', reason: expect.stringMatching(/^policy [0-9a-f]+: qualifying tier rose$/) });
    const { data } = await stack.query('{ country(code: "LV") { maxTier } }');
    expect(data.country.maxTier).toBe('PLATINUM');
  });
});
