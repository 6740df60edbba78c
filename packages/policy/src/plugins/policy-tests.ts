// Kind "policy-tests": the policy owners' own examples (member -> expected tier). They run in
// validatePolicy and the CLI's validate, so a policy edit that breaks an example is refused.
import type { PolicyProblem, Tier, TierGap } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties, TIER_SCHEMA } from '../schema-validation';
import type { PackPlugin } from './plugin';

type ItemJson = string | { model: string; status?: string; id?: string };

interface TestsPack {
  kind: 'policy-tests';
  version: string;
  cases: Array<{
    name: string;
    country: string;
    items: ItemJson[];
    expect: { tier: Tier | null; videoMember?: boolean; nextTier?: TierGap | null };
  }>;
}

const STATUSES = ['ACTIVE', 'PENDING_TRANSFER', 'TRANSFERRED', 'REJECTED', 'REMOVED'];

const schema = {
  type: 'object',
  required: ['kind', 'version', 'cases'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('policy-tests'),
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'country', 'items', 'expect'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          country: { type: 'string', pattern: '^[A-Z]{2}$', hint: 'the address country as an ISO 3166-1 alpha-2 code, e.g. "DE"' },
          items: {
            type: 'array',
            // A model name alone is an ACTIVE item; an object can give another status.
            items: {
              type: ['string', 'object'],
              minLength: 1,
              required: ['model'],
              additionalProperties: false,
              properties: {
                model: { type: 'string', minLength: 1 },
                status: { enum: STATUSES },
                id: { type: 'string', minLength: 1 },
              },
            },
          },
          expect: {
            type: 'object',
            required: ['tier'],
            additionalProperties: false,
            properties: {
              tier: { enum: ['SILVER', 'GOLD', 'PLATINUM', null] },
              videoMember: { type: 'boolean' },
              nextTier: {
                type: ['object', 'null'],
                required: ['tier', 'missingBodies', 'missingLenses'],
                additionalProperties: false,
                properties: {
                  tier: TIER_SCHEMA,
                  missingBodies: { type: 'integer', minimum: 0 },
                  missingLenses: { type: 'integer', minimum: 0 },
                },
              },
            },
          },
        },
      },
    },
  },
};

export const policyTestsPlugin: PackPlugin<TestsPack> = {
  kind: 'policy-tests',
  title: "policy owners' test cases: member (country, items) -> expected tier",
  schema,

  contribute(pack, file, draft) {
    const problems: PolicyProblem[] = [];
    pack.cases.forEach((testCase, index) => {
      const at = pointer('cases', index);
      const earlier = draft.tests.find((t) => t.value.name === testCase.name);
      if (earlier) {
        problems.push(problem(file, `${at}/name`, `duplicate case name "${testCase.name}": already in ${earlier.file}#${earlier.pointer}`));
        return;
      }
      const items = testCase.items.map((item, i) =>
        typeof item === 'string'
          ? { id: `item-${i + 1}`, model: item, status: 'ACTIVE' }
          : { id: item.id ?? `item-${i + 1}`, model: item.model, status: item.status ?? 'ACTIVE' },
      );
      draft.tests.push({
        value: { name: testCase.name, facts: { countryCode: testCase.country, items }, expect: testCase.expect },
        file,
        pointer: at,
      });
    });
    return problems;
  },
};
