import { formatProblems, type Problem } from '@statecraft/schema';

/** Thrown by compileApp when the definition has errors: publish only what validates. */
export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
  readonly code = 'DEF_INVALID';

  constructor(readonly problems: Problem[]) {
    super(`The definition has ${problems.length} error(s):\n${formatProblems(problems)}`);
  }
}
