/**
 * A real Strapi serving the built admin panel, with the plugin's server and the emulator behind it,
 * and Debian's Chromium logged in as admins of our choosing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bootStack, type Stack, type StackOptions } from '../../helpers/stack';
import { CHROMIUM, CHROMIUM_ARGS } from '../support';
import { startSlowLink, type SlowLink } from './slow-link';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results');

/**
 * Strapi 5.54 shows a banner about its new Media Library above every admin page until it is closed, and
 * remembers the closing in localStorage under this prefix, the state of the `useLegacyMediaLibrary` flag
 * (the banner says something else for each) and the project's uuid from `/admin/init`. Stored before any
 * page loads, so the screenshots show the plugin's pages without it.
 */
const MEDIA_LIBRARY_BANNER_KEY = 'STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_';
const MEDIA_LIBRARY_BANNER_TEXT = 'Introducing the new Media Library';

export interface AdminUser {
  email: string;
  password: string;
}

export interface AdminStack {
  stack: Stack;
  /** Where the browser reaches Strapi (admin at /admin): through a relay that can slow uploads down. */
  url: string;
  link: SlowLink;
  browser: Browser;
  /** A new admin with a role of exactly these actions; empty for a super admin. */
  createAdmin(actions?: string[]): Promise<AdminUser>;
  /** A fresh browser context (own cookies and storage, Strapi's Media Library banner closed) logged in as the user; in `timezoneId` if given. */
  loginAs(user: AdminUser, options?: { timezoneId?: string }): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the stack in this process: the plugin's server is loaded from its sources (as in the
 * integration tests), the admin panel is the one `ensureAdminBuild` put in tests/app/build.
 */
export async function startAdminStack(options: StackOptions = {}): Promise<AdminStack> {
  const stack = await bootStack(options);
  const server = stack.app.strapi.server.httpServer;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let browser: Browser;
  let link: SlowLink;
  try {
    link = await startSlowLink({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await stack.destroy();
    throw error;
  }
  const url = link.url;
  const contexts: BrowserContext[] = [];
  let projectUuid: Promise<unknown> | undefined;
  const uuid = () => (projectUuid ??= fetch(`${url}/admin/init`).then(async (res) => ((await res.json()) as { data: { uuid: unknown } }).data.uuid));

  const createAdmin = async (actions: string[] = []): Promise<AdminUser> => {
    const strapi = stack.app.strapi;
    const suffix = randomBytes(3).toString('hex');
    let roleId: number;
    if (actions.length === 0) {
      roleId = (await strapi.service('admin::role').getSuperAdmin()).id;
    } else {
      const role = await strapi.service('admin::role').create({ name: `browser-${suffix}`, description: 'browser test role' });
      await strapi.service('admin::role').assignPermissions(
        role.id,
        actions.map((action) => ({ action })),
      );
      roleId = role.id;
    }
    const user = { email: `admin-${suffix}@example.com`, password: 'Br0wserSecret!' };
    await strapi.service('admin::user').create({ ...user, firstname: 'Browser', lastname: suffix, isActive: true, roles: [roleId] });
    return user;
  };

  const loginAs = async (user: AdminUser, options: { timezoneId?: string } = {}) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', ...options });
    contexts.push(context);
    await context.addInitScript(
      ({ prefix, project }) => {
        try {
          for (const legacy of [true, false]) (globalThis as any).localStorage.setItem(`${prefix}${legacy}:${project}`, 'true');
        } catch {
          // A page without storage of its own (about:blank): it shows no banner either.
        }
      },
      { prefix: MEDIA_LIBRARY_BANNER_KEY, project: String(await uuid()) },
    );
    const page = await context.newPage();
    await page.goto(`${url}/admin/auth/login`);
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((u) => !u.pathname.includes('/auth/'), { timeout: 30_000 });
    return { context, page };
  };

  const screenshot = async (page: Page, name: string) => {
    // Should Strapi store the banner's closing another way, the README's images would show it again.
    const banner = await page.getByText(MEDIA_LIBRARY_BANNER_TEXT).count();
    if (banner > 0) throw new Error(`Strapi's Media Library banner is on the page to save as ${name}.png; see MEDIA_LIBRARY_BANNER_KEY`);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  return {
    stack,
    url,
    link,
    browser,
    createAdmin,
    loginAs,
    screenshot,
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await link.close();
      await stack.destroy();
    },
  };
}

/**
 * Console warnings and errors of the admin pages. Strapi's own complaints about the network (the test
 * machine is offline: update checks, telemetry, fonts) are not the plugin's; everything else counts.
 */
const PLAYER_PAGE = /\/_player\//;
const STRAPI_OFFLINE = /Failed to load resource|net::ERR_|Failed to fetch|NetworkError|analytics|telemetry|update-check|fonts\.googleapis/i;

/** Collects the console problems of the pages it watches; `take()` answers them and starts afresh. */
export function consoleWatch() {
  const problems: string[] = [];
  return {
    watch(page: Page): Page {
      page.on('console', (message) => {
        if (message.type() !== 'warning' && message.type() !== 'error') return;
        const text = message.text();
        // The emulator's player stands in for SCORM Cloud's (a preview opens it in the admin's tab): what its
        // runtime logs is not the plugin's.
        if (PLAYER_PAGE.test(message.location().url)) return;
        if (!STRAPI_OFFLINE.test(text)) problems.push(`${message.type()}: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      return page;
    },
    take: (): string[] => problems.splice(0),
  };
}
