import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { definition } from '@statecraft/template-oms';
import { runCli } from './cli.ts';

const template = fileURLToPath(new URL('../../../templates/ecommerce-oms/definition.json', import.meta.url));
const bin = fileURLToPath(new URL('../bin/statecraft.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'statecraft-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('statecraft validate', () => {
  it('accepts the bundled template', async () => {
    const result = await run(['validate', template]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/0 error\(s\)/);
  });

  it('prints each problem with its pointer, code and hint, and exits 1', async () => {
    const broken = structuredClone(definition);
    broken.workflows[0]!.transitions[3]!.to = 'nowhere';
    const result = await run(['validate', file('broken.json', JSON.stringify(broken, null, 2))]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^error \/workflows\/0\/transitions\/3\/to DEF_[A-Z_]+: /m);
    expect(result.out).toMatch(/hint: /);
  });

  it('reports JSON syntax errors with line and column', async () => {
    const result = await run(['validate', file('syntax.json', '{\n  "id": "oms",\n  "name": ,\n}')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('CLI_JSON_SYNTAX');
    expect(result.err).toContain('syntax.json:3:11');
  });

  it('explains a missing file and a wrong command', async () => {
    expect((await run(['validate', join(dir, 'missing.json')])).err).toContain('CLI_FILE_UNREADABLE');
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('runs as the statecraft binary with the right exit codes', async () => {
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, [bin, 'validate', template]);
    expect(ok.stdout).toMatch(/0 error\(s\)/);
    const broken = file('broken-bin.json', JSON.stringify({ ...definition, entities: [] }));
    await expect(exec(process.execPath, [bin, 'validate', broken])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('error /entities') });
  }, 30_000);
});
