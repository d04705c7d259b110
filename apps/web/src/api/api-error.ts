/** A problem the server reported for one place in the request, e.g. `/data/receiver_phone`. */
export interface ApiProblem {
  path: string;
  code: string;
  message: string;
  hint?: string;
}

/** An error answer of the API: `{ error: { code, message, hint?, problems? } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The problems keyed for the form: `/data/<field>` → `<field>`, a line's field
   * `/data/<field>/<i>/<lineField>` → `<field>/<i>.<lineField>` (and its lines field too).
   */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.problems) {
      const m = /^\/data\/([^/]+)(?:\/(\d+)\/([^/]+))?/.exec(p.path);
      if (!m) continue;
      if (m[2] !== undefined) out[`${m[1]}/${m[2]}.${m[3]}`] ??= p.message;
      out[m[1]!] ??= p.message;
    }
    return out;
  }
}
