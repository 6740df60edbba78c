// The pack kinds this library understands. A new kind of rule: write a plugin module and list it here.
import type { PackPlugin } from './plugin';
import { benefitsPlugin } from './benefits';
import { countryPlugin } from './country';
import { policyTestsPlugin } from './policy-tests';
import { qualifyingProductsPlugin } from './qualifying-products';
import { tierThresholdsPlugin } from './tier-thresholds';
import { textsPlugin } from './texts';

export const builtInPlugins: readonly PackPlugin[] = [
  qualifyingProductsPlugin,
  tierThresholdsPlugin,
  benefitsPlugin,
  countryPlugin,
  textsPlugin,
  policyTestsPlugin,
];

export type { PackPlugin } from './plugin';
