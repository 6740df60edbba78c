import { signToken } from '@cps/service-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../gateway/src/hardening';
import { databaseKinds, errorCodes, memberTableCounts, openStackDatabase, stackFor } from '../harness';
import { newMember, registerGoldKit } from '../lifecycle/workflows';
import { FRAGMENT_BOMB, nestedQuery } from '../security/helpers';
import { countryNameIn, ruleText } from './rule-texts';

/**
 * The texts that were English whatever the language: country names, the engine's reasons
 * (tierExplanation, the cap sentence of an outlook), the tier history's reasons, the gateway's own
 * errors, and the language chosen at sign-up. One hardened stack (as production runs) per database.
 */

/** The contract's Dashboard and what a member's page reads beside it. */
const MEMBER_PAGE = /* GraphQL */ `
  query MemberPage {
    me {
      number name country { code name maxTier } tier qualifyingTier videoMember
      benefits { code name } nextTier { tier missingBodies missingLenses } card { status requestedAt sentAt }
      equipment { id serialNumber purchaseDate dealer estimated parallelImport status countsTowardsTier product { model kind tierCap supported } }
      tierExplanation { policyVersion qualifyingTier lines nextTierBlockedBy items { equipmentId model counts countsTowards reason } }
      outlook { on tier change reasons }
      tierHistory { from to at reason }
    }
  }
`;
const UPDATE_ADDRESS = 'mutation($id: ID!, $address: AddressInput!) { updateMember(id: $id, input: { address: $address }) { tier } }';
const REGISTER = 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id language } }';

/** A policy text whose `{found}` the test cannot know: the message must be the text, with a number there. */
const textWithNumber = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{found\\}', '\\d+')}$`);

const LANGUAGES = ['de', 'fr'] as const;

describe.each(databaseKinds())('the API speaks the member\'s language to the last word (%s)', (db) => {
  const stack = stackFor({ db, env: { HARDENING: 'on' } });
  const page = async (member: number, language: string) => {
    const answer = await stack.query(MEMBER_PAGE, { token: await stack.token({ member }), headers: { 'accept-language': language } });
    expect(answer.errors).toBeUndefined();
    return { me: answer.data.me, language: answer.headers!.get('content-language') };
  };

  // Signed up in Estonia (Silver-only, no texts in Estonian: English by default), a Gold kit gives
  // Silver; a move to Germany raises it to Gold; back in Estonia Gold is held until 1 January.
  let member: number;
  beforeAll(async () => {
    member = await newMember(stack, 'EE');
    await registerGoldKit(stack, member);
    const token = await stack.token({ member });
    for (const countryCode of ['DE', 'EE']) {
      const address = { street: 'Narva mnt 5', postalCode: '10117', city: 'Tallinn', countryCode };
      expect((await stack.query(UPDATE_ADDRESS, { token, variables: { id: String(member), address } })).errors).toBeUndefined();
    }
  });

  it('in German and French: the country, tierExplanation, the outlook\'s cap sentence and the history, each in the policy\'s words', async () => {
    const english = (await page(member, 'en')).me;
    // English is what it always was, and what the history rows keep.
    expect(english.tierExplanation.nextTierBlockedBy).toBe('Estonia (EE) is Silver-only');
    expect(english.tierHistory.map((c: any) => c.reason)).toEqual(['registered EF 24-105mm f/4L IS II USM', 'moved to Germany']);
    for (const language of LANGUAGES) {
      const { me, language: used } = await page(member, language);
      expect(used).toBe(language);
      const tier = (t: string) => ruleText(language, `tier.${t}`);
      const estonia = countryNameIn(language, 'EE');
      expect(estonia).not.toBe('Estonia');
      expect(me.country).toEqual({ code: 'EE', name: estonia, maxTier: 'SILVER' });

      const blockedBy = ruleText(language, 'explain.silverOnly', { country: estonia, code: 'EE' });
      const explanation = me.tierExplanation;
      expect(explanation.nextTierBlockedBy).toBe(blockedBy);
      expect(explanation.lines[0]).toBe(ruleText(language, 'explain.qualifies', { tier: tier('SILVER') }));
      expect(explanation.lines).toContain(ruleText(language, 'explain.blocked', { tier: tier('GOLD'), why: blockedBy }));
      for (const line of explanation.lines) expect(english.tierExplanation.lines).not.toContain(line);
      const products = new Map(me.equipment.map((item: any) => [item.id, item.product]));
      for (const item of explanation.items) {
        const { kind, tierCap } = products.get(item.equipmentId) as any;
        expect(item.reason).toBe(ruleText(language, kind === 'BODY' ? 'item.countsAsBody' : 'item.countsAsLens', { model: item.model, tier: tier(tierCap) }));
      }

      expect(me.outlook.change).toBe('DOWN');
      expect(me.outlook.reasons).toContain(ruleText(language, 'outlook.blocked', { tier: tier('GOLD'), why: blockedBy }));
      expect(me.tierHistory.map((c: any) => c.reason)).toEqual([
        ruleText(language, 'history.REGISTERED', { model: 'EF 24-105mm f/4L IS II USM' }),
        ruleText(language, 'history.MOVED', { country: countryNameIn(language, 'DE') }),
      ]);
    }
  });

  it('the same decision, codes, items and history in every language: only the words differ', async () => {
    const answers = await Promise.all(['en', ...LANGUAGES].map((language) => page(member, language)));
    const languageFree = ({ me }: { me: any }) => ({
      ...me,
      country: { ...me.country, name: undefined },
      benefits: me.benefits.map((b: any) => b.code),
      tierExplanation: { ...me.tierExplanation, lines: me.tierExplanation.lines.length, nextTierBlockedBy: undefined, items: me.tierExplanation.items.map((i: any) => ({ ...i, reason: undefined })) },
      outlook: { ...me.outlook, reasons: me.outlook.reasons.length },
      tierHistory: me.tierHistory.map((c: any) => ({ ...c, reason: undefined })),
    });
    for (const answer of answers.slice(1)) expect(languageFree(answer)).toEqual(languageFree(answers[0]!));
  });

  it('a history row kept from before reason codes reads as it was stored, in every language', async () => {
    const members = await openStackDatabase(stack, 'members');
    try {
      await members.getRepository('TierChangeRecord').insert({
        memberId: member, fromTier: null, toTier: 'SILVER', at: new Date('2020-03-01T12:00:00Z'), reason: 'registered EOS 5D Mark IV', policyVersion: 'before-codes',
      });
    } finally {
      await members.destroy();
    }
    for (const language of ['en', ...LANGUAGES]) {
      const [oldest, ...rest] = (await page(member, language)).me.tierHistory;
      expect(oldest).toEqual({ from: null, to: 'SILVER', at: '2020-03-01T12:00:00.000Z', reason: 'registered EOS 5D Mark IV' });
      expect(rest).toHaveLength(2);
    }
  });

  it('the gateway\'s own errors are in the request\'s language, with the same code: a refused token, a query too deep or too costly', async () => {
    const ask = (query: string, language: string, token?: string) => stack.query(query, { token, headers: { 'accept-language': language } });
    const foreign = await signToken('a-secret-of-somebody-else-entirely-000', { sub: '1', roles: ['member'] });
    const anna = await stack.token({ member: 1 });
    for (const language of ['en', ...LANGUAGES]) {
      const words = (key: string, params?: Record<string, string | number>) => ruleText(language, key, params);
      for (const [token, reason] of [['not-a-token', 'error.tokenMalformed'], [foreign, 'error.tokenSignature']] as const) {
        const refused = await ask('{ me { number } }', language, token);
        expect(refused.status).toBe(401);
        expect(refused.errors).toEqual([{ message: words('error.tokenInvalid', { reason: words(reason) }), extensions: { code: 'UNAUTHENTICATED' } }]);
        expect(refused.headers!.get('content-language')).toBe(language);
      }
      const deep = await ask(nestedQuery(LIMITS.maxDepth + 1), language, anna);
      expect(deep.status).toBe(400);
      expect(errorCodes(deep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(deep.errors![0]!.message).toBe(words('error.queryTooDeep', { max: LIMITS.maxDepth, found: LIMITS.maxDepth + 1 }));
      expect(deep.headers!.get('content-language')).toBe(language);
      const costly = await ask(FRAGMENT_BOMB, language);
      expect(new Set(errorCodes(costly))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
      expect(costly.errors![0]!.message).toMatch(textWithNumber(words('error.queryTooCostly', { max: LIMITS.maxCost })));
      for (const error of [...deep.errors!, ...costly.errors!]) expect(error.extensions).not.toHaveProperty('text');
    }
  });

  it('registerMember takes the member\'s language; one the programme has no texts in is refused on `language`, and nothing is written', async () => {
    const input = (language: string) => ({
      name: 'Élodie Martin',
      email: `elodie.${db}@example.org`,
      address: { street: 'Invalidenstraße 44', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
      language,
    });
    const before = await memberTableCounts(stack);
    const answers = await Promise.all(['de', 'fr', 'en'].map((language) => stack.query(REGISTER, { variables: { input: input('xx') }, headers: { 'accept-language': language } })));
    for (const [i, language] of ['de', 'fr', 'en'].entries()) {
      const [error] = answers[i]!.errors!;
      expect(error).toMatchObject({
        message: ruleText(language, 'error.unknownLanguage', { value: 'xx', languages: 'en, de, fr' }),
        extensions: { code: 'BAD_USER_INPUT', field: 'language' },
      });
    }
    expect(await memberTableCounts(stack)).toEqual(before);

    // The same e-mail address is still free: with French, the Berlin member reads French unless a request asks otherwise.
    const registered = await stack.query(REGISTER, { variables: { input: input('fr') } });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerMember.language).toBe('fr');
    const own = await stack.query('{ me { language country { name } } }', { token: await stack.token({ member: Number(registered.data.registerMember.id) }) });
    expect(own.data.me).toEqual({ language: 'fr', country: { name: countryNameIn('fr', 'DE') } });
    expect(own.headers!.get('content-language')).toBe('fr');
    expect(errorCodes(await stack.query(REGISTER, { variables: { input: { ...input('de'), email: `other.${db}@example.org` } } }))).toEqual([]);
  });
});
