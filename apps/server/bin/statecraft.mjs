#!/usr/bin/env node
// The package exports TypeScript source; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
