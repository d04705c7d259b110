/**
 * An expression that cannot be compiled: an unknown operator or a wrong number of arguments.
 * `path` is a JSON pointer inside the expression, e.g. `/and/1/frobnicate`.
 */
export class LogicCompileError extends Error {
  override readonly name = 'LogicCompileError';
  constructor(
    readonly code: 'DEF_UNKNOWN_OPERATOR' | 'DEF_LOGIC_ARITY',
    readonly path: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** A compiled expression that failed while evaluating (e.g. a `missing_some` over null). */
export class LogicEvaluationError extends Error {
  override readonly name = 'LogicEvaluationError';
  constructor(
    /** Where the expression lives (a JSON pointer into the definition), when known. */
    readonly where: string,
    cause: unknown,
  ) {
    super(`The expression at ${where || '/'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
