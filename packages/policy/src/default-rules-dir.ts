import * as path from 'node:path';

/**
 * The repository's rules/ directory. The path is computed from this file's location, which is
 * src/ under vitest and dist/ when compiled — both three levels below the repository root.
 * RULES_DIR overrides it; this is the only place the library reads the environment.
 */
export function defaultRulesDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env.RULES_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(__dirname, '..', '..', '..', 'rules');
}
