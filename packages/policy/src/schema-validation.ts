import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { PolicyProblem } from './types';
import { problem } from './problems';

// One Ajv for the process: compiled validators are cached per schema object, so reloading a policy
// does not compile the schemas again.
const ajv = new Ajv({
  allErrors: true, // report every problem of a file, not just the first
  verbose: true, // errors carry the offending value and schema, used for readable messages
  strict: true,
  strictTypes: false, // the if/then/else of the product schema is deliberate
  allowUnionTypes: true,
});
// "hint": a sentence for people, shown instead of Ajv's generic message (e.g. for a pattern).
ajv.addVocabulary(['hint']);

const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function messageFor(error: ErrorObject): string {
  const hint = (error.parentSchema as { hint?: string } | undefined)?.hint;
  switch (error.keyword) {
    case 'required':
      return `missing required property "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(shown).join(', ');
      return `must be one of ${allowed} (got ${shown(error.data)})`;
    }
    case 'const':
      return hint ?? `must be ${shown((error.params as { allowedValue: unknown }).allowedValue)} (got ${shown(error.data)})`;
    case 'type':
      return `must be ${(error.params as { type: string }).type.replace(',', ' or ')} (got ${shown(error.data)})`;
    default:
      return hint ? `${hint} (got ${shown(error.data)})` : `${error.message ?? 'is invalid'} (got ${shown(error.data)})`;
  }
}

/** Validates a parsed pack against its kind's JSON Schema; each error names the JSON pointer of the offending value. */
export function validateAgainstSchema(schema: object, value: unknown, file: string): PolicyProblem[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue; // "must match then schema": the then-branch error says why
    const at =
      error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`
        : error.instancePath;
    const p = problem(file, at, messageFor(error));
    const key = `${p.pointer}\0${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}

/** Schema pieces every pack kind shares. */
export const TIER_SCHEMA = { enum: ['SILVER', 'GOLD', 'PLATINUM'] } as const;

export function packHeaderProperties(kind: string) {
  return {
    kind: { const: kind },
    version: {
      type: 'string',
      pattern: '^[0-9]+(\\.[0-9]+){0,2}([-+][0-9A-Za-z.-]+)?$',
      hint: 'the pack version must look like "1.0.0" or "2025.1"',
    },
    description: { type: 'string' },
  };
}
