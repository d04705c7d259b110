/**
 * `npm run bench`: runs every `*.bench.ts` in this folder (or those named on the command line),
 * prints one line per figure and writes bench/results.json.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Report } from './lib/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const report = new Report();
for (const file of files) {
  console.log(`\n# ${file}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: (r: Report) => Promise<void> };
  await mod.run(report);
}
const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString(), figures: report.figures };
writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const missed = report.figures.filter((f) => f.met === false);
console.log(`\n${report.figures.length} figures written to bench/results.json${missed.length ? `; ${missed.length} below target: ${missed.map((f) => f.name).join(', ')}` : ''}`);
