// @cps/policy — the membership programme's policy, loaded from the JSON rule packs in rules/ and
// evaluated by json-rules-engine.
export type {
  Benefit,
  BenefitEntry,
  CountryRule,
  HandlerTeam,
  ServicePoint,
  CountsAs,
  Decision,
  ExtraChecks,
  ItemDecision,
  LoadOptions,
  MemberFacts,
  PackInfo,
  Policy,
  PolicyProblem,
  ProductRule,
  SupportContact,
  TierGap,
} from './types';
export { Tier } from './types';
export { BASE_LANGUAGE, TEXT_KEYS, fillTemplate, type TextKey, type TextParams, type Texts, type Words } from './texts';
export { TIERS, compareTiers, tierWords } from './tiers';
export { productStanding } from './product-standing';
export { describePolicyChanges } from './policy-diff';
export { readRuleFiles } from './rule-files';
export { readCountryCode, isAssignedCountryCode, isoCountryName, type CountryCodeReading } from './country-codes';
export { dealerKey } from './dealer-names';
export { ON_SITE_SUPPORT } from './checked-policy';
export { DEFAULT_PROGRAMME_TIME_ZONE, dayIn, lastFirstOfJanuary, midnightIn, nextFirstOfJanuary } from './programme-calendar';
export { PolicyError, formatProblem } from './problems';
export { loadPolicy, policyFromFiles, validatePolicy } from './load-policy';
export { defaultRulesDir } from './default-rules-dir';
export { PolicyStore, type PolicyHealth, type PolicyLogger, type PolicyStoreOptions, type ScheduledVersion, type PolicyChangeCause } from './policy-store';
export { previewChanges, type PreviewResult, type TierMove, type TierOrNone } from './preview-changes';
export { formatDecision } from './format-decision';
export { progressReporter, type ProgressReporter } from './progress';
export { runPolicyCli, policyCommands, validateCommand, diffCommand, type CliCommand, type CliIo } from './cli';
export { builtInPlugins } from './plugins';
export type { PackPlugin, FactDefinition, OperatorDefinition } from './plugins/plugin';
