import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The engine decides; it never acts. This keeps the boundary of docs/architecture.md honest:
// no I/O modules, no clock, no randomness, no code generation in the engine's own source.
const root = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/from '(node:[^']+|fs|path|http|https|net|child_process|knex|fastify|react|pg|better-sqlite3)'/, 'an I/O or framework import'],
  [/\bDate\.now\(|new Date\(\)/, 'reading the clock'],
  [/Math\.random\(/, 'randomness'],
  [/\beval\(|new Function\(/, 'code generation'],
  [/console\.(log|info|warn|error)\(/, 'printing'],
];

describe('engine purity', () => {
  const files = sources(root);

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('uses no I/O, clock, randomness, eval or console', () => {
    const found: string[] = [];
    for (const file of files) {
      // Code only: TSDoc examples may show console.log in the caller's code.
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) found.push(`${relative(root, file)}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
