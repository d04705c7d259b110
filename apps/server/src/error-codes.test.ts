import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['apps/server/src', 'packages/engine/src', 'packages/store/src'];
/** Code prefixes: the engine's (DEF_, ENGINE_), the store's (STORE_, STOCK_) and the server's. */
const PREFIXES = ['ENGINE', 'DEF', 'STORE', 'STOCK', 'HTTP', 'AUTH', 'APP', 'RECORD', 'ENTITY', 'DEFINITION', 'LIST', 'OUTBOX', 'ALERT', 'USER', 'TOKEN', 'INTERNAL', 'CLI', 'PERMISSION', 'TRANSITION', 'EVENT', 'INSTALL', 'SCENARIO'];
const CODE = `(?:${PREFIXES.join('|')})_[A-Z0-9_]*[A-Z0-9]`;
// A code is a quoted string ('STORE_BUSY') or an object key in a code table (STORE_BUSY: 503).
const QUOTED = new RegExp(`['"\`](${CODE})['"\`]`, 'g');
const KEY = new RegExp(`^\\s*(${CODE})\\s*:`, 'gm');

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'generated' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !/testing/.test(path) ? [path] : [];
  });
}

function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of SCANNED) {
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const re of [QUOTED, KEY]) for (const m of text.matchAll(re)) if (!found.has(m[1]!)) found.set(m[1]!, relative(root, file));
    }
  }
  return found;
}

function documentedCodes(): Set<string> {
  const text = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  return new Set([...text.matchAll(/^\|\s*`?([A-Z][A-Z0-9_]+)`?\s*\|/gm)].map((m) => m[1]!));
}

describe('docs/errors.md', () => {
  it('lists every error code raised by the server, the engine and the store', () => {
    const documented = documentedCodes();
    const missing = [...codesInSource()].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing, `Add these codes to docs/errors.md (code, status, meaning, how to fix):\n${missing.join('\n')}`).toEqual([]);
  });

  it('finds the codes it should (the scan itself works)', () => {
    const codes = codesInSource();
    expect(codes.has('RECORD_VERSION_CONFLICT')).toBe(true);
    expect(codes.has('INTERNAL_ERROR')).toBe(true);
  });
});
