#!/usr/bin/env node
/**
 * The `statecraft` command line.
 *
 *   statecraft validate <file>   check an app definition; exit 1 when it has errors
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { validateDefinition } from '@statecraft/engine';
import { formatProblems, type Problem } from '@statecraft/schema';
import { parseJsonWithPosition } from './services/json-position.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `Usage: statecraft validate <definition.json>

Checks an app definition (shape and semantics) and prints each problem with its JSON pointer.
Exits 1 when there is at least one error, 0 otherwise (warnings do not fail).`;

/** Runs the CLI with `args` (without node and the script) and returns the exit code. */
export async function runCli(args: string[], io: CliIo = { out: console.log, err: console.error }): Promise<number> {
  const [command, file, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'validate' || !file || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`error ${file} CLI_FILE_UNREADABLE: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).\n    hint: check the path.`);
    return 1;
  }
  const parsed = parseJsonWithPosition(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    io.err(`error / CLI_JSON_SYNTAX: ${file}:${line}:${column}: ${message}.\n    hint: fix the JSON at line ${line}, column ${column}.`);
    return 1;
  }
  const problems: Problem[] = validateDefinition(parsed.value);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (problems.length) io.out(formatProblems(problems));
  io.out(`${file}: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
