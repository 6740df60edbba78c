import fs from 'node:fs';
import path from 'node:path';

export interface ReportRow {
  section: string;
  measure: string;
  measured: string;
  target: string;
  verdict: string;
}

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** The one table: Markdown, so it reads in a terminal and pastes into the README as it is. */
export function renderTable(rows: ReportRow[]): string {
  const header = ['', 'measure', 'measured', 'target', 'verdict'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  let section = '';
  for (const row of rows) {
    const label = row.section === section ? '' : `**${row.section}**`;
    section = row.section;
    lines.push(`| ${[label, row.measure, row.measured, row.target, row.verdict].map(escape).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Writes the figures as JSON under bench/results/ and returns the file's path. */
export function writeResults(name: string, results: unknown): string {
  const dir = path.join(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
