/**
 * What every admin suite sets up the same way: the built admin panel, a stack serving it, a super admin,
 * a temporary folder for packages, and no console problem from the plugin's pages after each test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { StackOptions } from '../../helpers/stack';
import { chromiumMissing } from '../support';
import { ensureAdminBuild, pluginAdminProblem } from './admin-build';
import { consoleWatch, startAdminStack, type AdminStack, type AdminUser } from './admin-session';

/** A poller that looks every second, so an import the emulator finishes shows as ready within seconds. */
export const FAST_POLLER = { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 2, leaseSeconds: 30 };

/** `describe`, or `describe.skip` with the reason printed when Chromium or a current admin build is missing. */
export function describeAdmin(name: string): jest.Describe {
  const skipReason = chromiumMissing() ?? pluginAdminProblem();
  if (skipReason) console.warn(`[${name}] skipped: ${skipReason}`);
  return skipReason ? describe.skip : describe;
}

export interface AdminSuite {
  admin: AdminStack;
  superAdmin: AdminUser;
  /** A folder of this suite's own, removed after it; empty unless asked for. */
  tmp: string;
  /** Reports the page's console warnings and errors after the test (see `consoleWatch`). */
  watchConsole(page: Page): Page;
}

export interface AdminSuiteOptions {
  stack?: StackOptions;
  /** A temporary folder for the packages the test gives the file picker. */
  tmp?: boolean;
  /** Fail a test whose watched pages printed a warning or an error (default true). */
  checkConsole?: boolean;
}

/**
 * Declares the suite's beforeAll, afterAll and afterEach; `ready` receives the stack and the super admin
 * once they are up, before any beforeAll the suite declares after this call.
 */
export function adminSuite(name: string, options: AdminSuiteOptions, ready: (suite: AdminSuite) => void): void {
  const consoleProblems = consoleWatch();
  let admin: AdminStack | undefined;
  let tmp = '';
  jest.setTimeout(120_000);

  beforeAll(async () => {
    // Built once per change of the plugin's admin; the first build may take minutes on a busy machine.
    const build = await ensureAdminBuild();
    if (build.rebuilt) console.log(`[${name}] admin panel built in ${Math.round(build.ms / 1000)} s`);
    admin = await startAdminStack(options.stack);
    const superAdmin = await admin.createAdmin();
    if (options.tmp) tmp = fs.mkdtempSync(path.join(os.tmpdir(), `scorm-${name}-`));
    ready({ admin, superAdmin, tmp, watchConsole: consoleProblems.watch });
  }, 900_000);

  afterAll(async () => {
    await admin?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  if (options.checkConsole === false) return;
  afterEach(() => {
    // No warning or error from the plugin's pages. React's ref warning and useRBAC's argument warning are
    // printed by development builds only (this admin is a production build): tests/unit/admin/rbac.test.ts
    // checks the useRBAC argument instead.
    const problems = consoleProblems.take();
    if (problems.length) console.log(`[${name}] console:\n${problems.join('\n')}`);
    expect(problems).toEqual([]);
  });
}
