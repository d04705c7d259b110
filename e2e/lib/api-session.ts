/** A signed-in API session (session cookie) for arranging data the way an integration would. */
export class ApiSession {
  private constructor(
    readonly base: string,
    private readonly cookie: string,
  ) {}

  static async login(base: string, username: string, password: string): Promise<ApiSession> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sc_session='));
    if (!cookie) throw new Error('login answered without a session cookie');
    return new ApiSession(base, cookie.split(';')[0]!);
  }

  /** The cookie for a browser context, so a page starts signed in as this user. */
  get cookieValue(): string {
    return this.cookie.slice('sc_session='.length);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.request(method, path, body);
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
}
