import { describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY, databaseKinds, errorCodes, stackFor } from '../harness';
import { bodySerial, newMember, PRODUCTS, registerEquipment, registerGoldKit } from '../lifecycle/workflows';
import { benefitNameIn, countryNameIn, ruleText } from './rule-texts';

// Anna Schmidt (member 1) lives in Germany; Tom Baker (member 2) in the United Kingdom.
const ANNA = 1;
const TOM = 2;

const UPDATE_LANGUAGE = /* GraphQL */ `
  mutation ($id: ID!, $language: String!) { updateMember(id: $id, input: { language: $language }) { language } }
`;
const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }
`;

describe.each(databaseKinds())('the programme speaks its members\' languages (%s)', (db) => {
  const stack = stackFor({ db });

  const dashboard = async (member: number, acceptLanguage?: string) => {
    const response = await stack.query(DASHBOARD_QUERY, {
      token: await stack.token({ member }),
      headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
    });
    expect(response.errors).toBeUndefined();
    return { me: response.data.me, language: response.headers!.get('content-language') };
  };
  const namesOf = (me: any) => me.benefits.map((b: any) => b.name);
  /** The member's benefits asked in English, each name put into `language` by the rule file's own translation. */
  const expectedNames = async (member: number, language: string) => {
    const english = (await dashboard(member, 'en')).me;
    expect(english.benefits.length).toBeGreaterThan(0);
    return english.benefits.map((b: any) => benefitNameIn(language)(b.name) ?? `(no ${language} name for ${b.name})`);
  };

  it.each([
    ['de-AT,de;q=0.9,en;q=0.5', 'de'],
    ['fr-CH, fr;q=0.9', 'fr'],
    ['en-GB', 'en'],
  ])('the Dashboard asked with Accept-Language %s is in %s: the policy\'s own words, and the response says so', async (header, language) => {
    const { me, language: used } = await dashboard(TOM, header);
    expect(used).toBe(language);
    expect(me.benefits.length).toBeGreaterThan(0);
    expect(namesOf(me)).toEqual(await expectedNames(TOM, language));
  });

  it('an unknown language is not an error: the member\'s own language answers (English for Tom, German for Anna)', async () => {
    const tom = await dashboard(TOM, 'xx-YY, tlh;q=0.8');
    expect(tom.language).toBe('en');
    expect(namesOf(tom.me)).toEqual(await expectedNames(TOM, 'en'));
    const anna = await dashboard(ANNA, 'ja');
    expect(anna.language).toBe('de');
    expect(namesOf(anna.me)).toEqual(await expectedNames(ANNA, 'de'));
  });

  it('quality values decide, and q=0 refuses a language', async () => {
    expect((await dashboard(TOM, 'fr;q=0.4, de;q=0.8')).language).toBe('de');
    expect((await dashboard(ANNA, 'de;q=0, fr;q=0.1')).language).toBe('fr');
  });

  it('the same decision and the same codes in every language', async () => {
    const answers = await Promise.all(['de', 'fr', 'en', 'xx'].map((l) => dashboard(ANNA, l)));
    const languageFree = (me: any) => ({ ...me, country: { ...me.country, name: undefined }, benefits: me.benefits.map((b: any) => b.code) });
    for (const { me } of answers.slice(1)) expect(languageFree(me)).toEqual(languageFree(answers[0]!.me));
    expect(new Set(answers.map((a) => JSON.stringify(namesOf(a.me)))).size).toBe(3); // de, fr, en (xx: Anna's German)
    expect(answers.map((a) => a.me.country.name)).toEqual(['de', 'fr', 'en', 'de'].map((l) => countryNameIn(l, 'DE')));
  });

  it('without Accept-Language the member\'s own language decides: by default the main language of their country', async () => {
    const query = '{ me { language benefits { code name } } }';
    const anna = await stack.query(query, { token: await stack.token({ member: ANNA }) });
    expect(anna.data.me.language).toBe('de');
    expect(anna.headers!.get('content-language')).toBe('de');
    expect(namesOf(anna.data.me)).toEqual(await expectedNames(ANNA, 'de'));
    const tom = await stack.query(query, { token: await stack.token({ member: TOM }) });
    expect(tom.data.me.language).toBe('en');
    expect(namesOf(tom.data.me)).toEqual(await expectedNames(TOM, 'en'));
  });

  it('updateMember sets the member\'s language; the request\'s Accept-Language still comes first', async () => {
    const member = await newMember(stack, 'GB');
    const token = await stack.token({ member });
    const set = await stack.query(UPDATE_LANGUAGE, { token, variables: { id: String(member), language: 'FR' } });
    expect(set.errors).toBeUndefined();
    expect(set.data.updateMember.language).toBe('fr');
    await registerGoldKit(stack, member);
    const query = '{ me { language benefits { code name } } }';
    const own = await stack.query(query, { token });
    expect(own.headers!.get('content-language')).toBe('fr');
    expect(namesOf(own.data.me)).toEqual(await expectedNames(member, 'fr'));
    const asked = await stack.query(query, { token, headers: { 'accept-language': 'en' } });
    expect(asked.data.me.language).toBe('fr');
    expect(asked.headers!.get('content-language')).toBe('en');
    expect(namesOf(asked.data.me)).toEqual(await expectedNames(member, 'en'));
  });

  it('a language the programme has no texts in is refused on its field, in the words of the request\'s language', async () => {
    const token = await stack.token({ member: TOM });
    const answers = await Promise.all(
      ['de', 'fr', 'en'].map((language) =>
        stack.query(UPDATE_LANGUAGE, { token, variables: { id: String(TOM), language: 'pl' }, headers: { 'accept-language': language } }),
      ),
    );
    for (const [i, language] of ['de', 'fr', 'en'].entries()) {
      const [error] = answers[i]!.errors!;
      expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
      expect(error!.message).toBe(ruleText(language, 'error.unknownLanguage', { value: 'pl', languages: 'en, de, fr' }));
    }
    expect((await stack.query('{ me { language } }', { token })).data.me.language).toBe('en');
  });

  it('input errors keep their code and field in every language; only the message is translated', async () => {
    const signUp = (language: string) =>
      stack.query(REGISTER, {
        headers: { 'accept-language': language },
        variables: { input: { name: '  ', email: 'not-an-address', address: { street: 'Rue de Rivoli 1', postalCode: '75001', city: 'Paris', countryCode: 'FR' } } },
      });
    for (const language of ['de', 'fr', 'en']) {
      const answer = await signUp(language);
      expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors![0]!.extensions!.field).toBe('name');
      expect(answer.errors![0]!.message).toBe(ruleText(language, 'error.required', { label: ruleText(language, 'field.name') }));
      expect(answer.headers!.get('content-language')).toBe(language);
    }
    const outside = await stack.query(REGISTER, {
      headers: { 'accept-language': 'fr' },
      variables: { input: { name: 'Ana', email: `ana.${Date.now()}@example.org`, address: { street: 'Main St 1', postalCode: '10001', city: 'New York', countryCode: 'US' } } },
    });
    expect(outside.errors![0]).toMatchObject({
      message: ruleText('fr', 'error.notInProgramme', { code: 'US' }),
      extensions: { code: 'NOT_IN_PROGRAMME_COUNTRY', field: 'address.countryCode' },
    });
    expect(outside.errors![0]!.extensions).not.toHaveProperty('text');
  });

  it("a signed-in member's errors are in their own language unless the request asks for another; the code and field stay", async () => {
    const member = await newMember(stack, 'DE');
    const token = await stack.token({ member });
    const register = (headers: Record<string, string>) =>
      stack.query('mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id } }', {
        token,
        headers,
        variables: { input: { productId: PRODUCTS.eos5DMarkIV, serialNumber: '12 34', purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' } },
      });
    const hint = (await stack.query(`{ product(id: "${PRODUCTS.eos5DMarkIV}") { serialHint } }`)).data.product.serialHint;
    for (const [headers, language] of [[{}, 'de'], [{ 'accept-language': 'fr' }, 'fr'], [{ 'accept-language': 'en-US' }, 'en']] as const) {
      const [error] = (await register(headers)).errors!;
      expect(error!.extensions).toMatchObject({ code: 'INVALID_SERIAL', field: 'serialNumber' });
      expect(error!.message).toBe(ruleText(language, 'error.serialSpaces', { hint }).trim());
    }
  });

  it('notices and the outlook are written in the member\'s language, with the day in that language', async () => {
    const member = await newMember(stack, 'DE');
    const registered = await registerEquipment(stack, member, { productId: PRODUCTS.eos90D, serialNumber: bodySerial(), estimated: true });
    expect(registered.errors).toBeUndefined();
    const answer = await stack.query('{ me { outlook { on reasons } notices { code message equipmentId } } }', { token: await stack.token({ member }) });
    const { outlook, notices } = answer.data.me;
    const day = new Intl.DateTimeFormat('de', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${outlook.on}T12:00:00Z`));
    expect(outlook.reasons).toContain(ruleText('de', 'outlook.qualifiesForNone', { day }));
    const estimated = notices.find((n: any) => n.code === 'ESTIMATED_DETAILS');
    expect(estimated.message).toBe(ruleText('de', 'notice.ESTIMATED_DETAILS', { model: 'EOS 90D' }));
  });

  it('regions names a country in the request\'s language, as its file does, and answers a code that is none in it too', async () => {
    for (const language of ['de', 'fr', 'en']) {
      const answer = await stack.query('{ country(code: "DE") { name } }', { headers: { 'accept-language': language } });
      expect(answer.data.country.name).toBe(countryNameIn(language, 'DE'));
    }
    for (const language of ['de', 'fr', 'en']) {
      const refused = await stack.query('{ country(code: "ZZ") { name } }', { headers: { 'accept-language': language } });
      expect(refused.errors![0]).toMatchObject({
        message: ruleText(language, 'error.unassignedCountryCode', { code: 'ZZ' }),
        extensions: { code: 'BAD_USER_INPUT', field: 'code' },
      });
      expect(refused.headers!.get('content-language')).toBe(language);
    }
  });
});

describe("error messages in production hardening (sqlite)", () => {
  const stack = stackFor({ db: 'sqlite', env: { HARDENING: 'on' } });

  it('are translated there too, with only code, field and service beside them', async () => {
    const answer = await stack.query(REGISTER, {
      headers: { 'accept-language': 'de-CH' },
      variables: { input: { name: 'Lena', email: 'lena@', address: { street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', countryCode: 'CH' } } },
    });
    expect(answer.errors).toEqual([
      {
        message: ruleText('de', 'error.notAnEmail', { value: 'lena@' }),
        path: ['registerMember'],
        extensions: { code: 'BAD_USER_INPUT', field: 'email', serviceName: 'members' },
      },
    ]);
  });
});
