import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The shape of the code a newcomer relies on: no import cycles, no shipped package on test machinery. */
const root = path.resolve(__dirname, '..');
const SOURCE_ROOTS = ['gateway/src', 'packages/policy/src', 'packages/service-kit/src', 'packages/testing/src', 'schema/src', 'bench/src', 'subgraphs/members/src', 'subgraphs/catalogue/src', 'subgraphs/regions/src'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(full);
    return /\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** The relative imports of a module (type-only ones included: a cycle of types is still a tangle). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => {
    const target = path.resolve(path.dirname(file), m[1]);
    return [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate)) ?? target;
  });
}

describe('the codebase', () => {
  it('has no import cycles', () => {
    const files = SOURCE_ROOTS.flatMap((dir) => sourceFiles(path.join(root, dir)));
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('the gateway ships the gateway only: it depends on no subgraph, schema build or database package', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'gateway', 'package.json'), 'utf8'));
    const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    for (const name of ['@cps/members', '@cps/catalogue', '@cps/regions', '@cps/schema', '@cps/testing', 'typeorm']) {
      expect(dependencies).not.toContain(name);
    }
  });
});
