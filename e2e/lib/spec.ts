import type { BrowserContext, Page } from 'playwright-core';
import { ApiSession } from './api-session.ts';
import { launchBrowser } from './browser.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, type RunningServer } from './server.ts';

/** What a spec gets: the running server, API sessions and signed-in browser pages. */
export interface SpecContext {
  server: RunningServer;
  /** An API session as a demo user (admin uses the admin password). */
  api(username: string): Promise<ApiSession>;
  /** A new page already signed in as the user, at the given viewport. */
  page(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Saves a full-page screenshot to e2e/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
}

export interface Spec {
  name: string;
  /** Started before the spec's server (e.g. sandboxes on free ports): the server's extra environment, and how to stop it. */
  setup?(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
  run(ctx: SpecContext): Promise<void>;
}

export const PHONE = { width: 390, height: 844 };

/** Builds a spec context; `dispose` closes every browser it opened. */
export function specContext(server: RunningServer, screenshotDir: string): SpecContext & { dispose(): Promise<void> } {
  const browsers: { context: BrowserContext; close(): Promise<void> }[] = [];
  const password = (u: string) => (u === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  return {
    server,
    api: (username) => ApiSession.login(server.url, username, password(username)),
    async page(username, viewport) {
      const b = await launchBrowser(viewport);
      browsers.push(b);
      const session = await ApiSession.login(server.url, username, password(username));
      await b.context.addCookies([{ name: 'sc_session', value: session.cookieValue, url: server.url }]);
      const page = b.context.pages()[0] ?? (await b.context.newPage());
      page.setDefaultTimeout(15_000);
      return page;
    },
    async screenshot(page, name) {
      const path = `${screenshotDir}/${name}.png`;
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async dispose() {
      for (const b of browsers) await b.close();
    },
  };
}
