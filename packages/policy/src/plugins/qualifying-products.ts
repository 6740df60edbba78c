// Kind "qualifying-products": which exact models qualify, what they count as, their cap and whether
// the programme still supports them. Products of the catalogue that are in no pack do not qualify.
import type { CountsAs, PolicyProblem, ProductRule, Tier } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties, TIER_SCHEMA } from '../schema-validation';
import type { PackPlugin } from './plugin';

interface ProductsPack {
  kind: 'qualifying-products';
  version: string;
  products: Array<{ model: string; countsAs: CountsAs; cap: Tier | null; supported: boolean }>;
}

const schema = {
  type: 'object',
  required: ['kind', 'version', 'products'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('qualifying-products'),
    products: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'countsAs', 'cap', 'supported'],
        additionalProperties: false,
        properties: {
          model: {
            type: 'string',
            pattern: '^\\S(.*\\S)?$',
            hint: 'the exact model name, not empty and without leading or trailing spaces',
          },
          countsAs: { enum: ['BODY', 'LENS', 'PRO_VIDEO'] },
          cap: {}, // checked by if/then/else below, which says what a cap must be for each kind
          supported: { type: 'boolean' },
        },
        // Pro Video products make a video member and count towards no tier; bodies and lenses need a cap.
        if: { properties: { countsAs: { const: 'PRO_VIDEO' } } },
        then: { properties: { cap: { const: null, hint: 'a Pro Video product has no tier cap: use null' } } },
        else: { properties: { cap: { ...TIER_SCHEMA, hint: 'a body or lens needs a cap: SILVER, GOLD or PLATINUM' } } },
      },
    },
  },
};

export const qualifyingProductsPlugin: PackPlugin<ProductsPack> = {
  kind: 'qualifying-products',
  title: 'qualifying products: exact model, counts as BODY | LENS | PRO_VIDEO, cap, supported',
  schema,

  contribute(pack, file, draft) {
    const problems: PolicyProblem[] = [];
    pack.products.forEach((entry, index) => {
      const at = pointer('products', index);
      const earlier = draft.products.get(entry.model);
      if (earlier) {
        problems.push(problem(file, at, `duplicate model "${entry.model}": already in ${earlier.file}#${earlier.pointer}`));
        return;
      }
      const value: ProductRule = Object.freeze({ ...entry });
      draft.products.set(entry.model, { value, file, pointer: at });
    });
    return problems;
  },

  check(draft) {
    return draft.products.size === 0 ? [problem('', '', 'no qualifying products: add a "qualifying-products" pack')] : [];
  },
};
