// @statecraft/server: the Fastify app that interprets published definitions. See README.md.
export { build, type BuildOptions } from './app.ts';
export { AppError, type ErrorBody } from './app-error.ts';
export { readConfig, type ServerConfig } from './config.ts';
export { installTemplate, type InstallResult } from './installer.ts';
export { runCli } from './cli.ts';
export type { Actor } from './services/actor.ts';
export { loadApp, type LoadedApp } from './services/app-registry.ts';
