// json-logic-js ships no types; the engine uses it only in tests, as the reference to compare with.
declare module 'json-logic-js' {
  const jsonLogic: {
    apply(logic: unknown, data?: unknown): unknown;
    truthy(value: unknown): boolean;
    add_operation(name: string, code: (...args: never[]) => unknown): void;
    rm_operation(name: string): void;
  };
  export default jsonLogic;
}
