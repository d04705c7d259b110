/** Fails the spec with a message saying what was expected. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
