/**
 * Boots the real test app (tests/app) with the plugin built from this repository, on a fresh database,
 * inside the jest process. One instance per process at a time: Strapi keeps itself in a global.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { DatabaseClient } from './databases';

const appDir = path.resolve(__dirname, '..', 'app');

let sequence = 0;
/** Unique within this process by its counter (a random suffix alone once collided in CI), and across processes by its random part. */
const uniqueSuffix = () => `${++sequence}-${randomBytes(3).toString('hex')}`;

export interface BootOptions {
  database?: DatabaseClient;
  /** Merged over the plugin config the app reads from env (credentials and service URL). */
  pluginConfig?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Load the built plugin (dist/) instead of its sources; needs `npm run build`. */
  fromDist?: boolean;
  /** Boot on the database of an earlier boot (its `database`), as a restart of Strapi would. */
  reuseDatabase?: TestDatabase;
}

export interface TestDatabase {
  env: Record<string, string>;
  drop: () => Promise<void>;
}

export interface TestStrapi {
  strapi: Core.Strapi;
  request: () => ReturnType<typeof request>;
  http: ReturnType<typeof request>;
  /** A super admin's JWT, created on first use. */
  superAdminToken(): Promise<string>;
  /** A JWT of a new admin whose role has exactly these actions. */
  adminTokenWith(actions: string[]): Promise<string>;
  database: TestDatabase;
  /** Stops Strapi; the database stays unless `keepDatabase` is false (the default drops it). */
  destroy(options?: { keepDatabase?: boolean }): Promise<void>;
}

const envKeys = new Set<string>();
const setEnv = (vars: Record<string, string>) => {
  for (const [key, value] of Object.entries(vars)) {
    envKeys.add(key);
    process.env[key] = value;
  }
};

async function createDatabase(client: DatabaseClient): Promise<TestDatabase> {
  if (client === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm-cloud-test-'));
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `strapi_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (client === 'postgres') {
    const { Client } = await import('pg');
    const admin = () => new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name, DATABASE_USERNAME: 'postgres', DATABASE_PASSWORD: '' },
      drop: async () => {
        const d = admin();
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const connect = () => mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  const c = await connect();
  await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  return {
    env: { DATABASE_CLIENT: 'mysql', DATABASE_NAME: name, DATABASE_USERNAME: 'root', DATABASE_PASSWORD: '' },
    drop: async () => {
      const d = await connect();
      await d.query(`DROP DATABASE IF EXISTS ${name}`);
      await d.end();
    },
  };
}

export async function bootStrapi(options: BootOptions = {}): Promise<TestStrapi> {
  const database = options.reuseDatabase ?? (await createDatabase(options.database ?? 'sqlite'));
  setEnv({
    ...database.env,
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    BROWSER: 'none',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    ADMIN_RATE_LIMIT: 'false',
    USERS_PERMISSIONS_RATE_LIMIT: 'false',
    SCORM_CLOUD_PLUGIN_CONFIG: JSON.stringify(options.pluginConfig ?? {}),
    SCORM_CLOUD_PLUGIN_RESOLVE: options.fromDist ? path.resolve(appDir, '..', '..') : path.join(__dirname, 'plugin-from-source'),
    ...options.env,
  });

  const { createStrapi } = await import('@strapi/strapi');
  let strapi: Core.Strapi;
  try {
    strapi = await createStrapi({ appDir, distDir: appDir }).load();
  } catch (error) {
    await database.drop();
    throw error;
  }
  strapi.server.mount();
  const http = request(strapi.server.httpServer);

  let superToken: string | undefined;
  const superAdminToken = async () => {
    if (superToken) return superToken;
    const email = `super-${uniqueSuffix()}@example.com`;
    const password = 'Sup3rSecret!';
    const role = await strapi.service('admin::role').getSuperAdmin();
    await strapi.service('admin::user').create({ email, firstname: 'Super', lastname: 'Admin', password, isActive: true, roles: [role.id] });
    superToken = await login(email, password);
    return superToken;
  };

  const login = async (email: string, password: string): Promise<string> => {
    const res = await http.post('/admin/login').send({ email, password });
    if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.token as string;
  };

  const adminTokenWith = async (actions: string[]) => {
    const suffix = uniqueSuffix();
    const role = await strapi.service('admin::role').create({ name: `role-${suffix}`, description: 'test role' });
    if (actions.length)
      await strapi.service('admin::role').assignPermissions(
        role.id,
        actions.map((action) => ({ action })),
      );
    const email = `editor-${suffix}@example.com`;
    const password = 'Ed1torSecret!';
    await strapi.service('admin::user').create({ email, firstname: 'Ed', lastname: 'Itor', password, isActive: true, roles: [role.id] });
    return login(email, password);
  };

  return {
    strapi,
    http,
    request: () => request(strapi.server.httpServer),
    superAdminToken,
    adminTokenWith,
    database,
    async destroy(destroyOptions = {}) {
      await strapi.destroy();
      if (!destroyOptions.keepDatabase) await database.drop();
      for (const key of envKeys) delete process.env[key];
      envKeys.clear();
    },
  };
}

/** A users-permissions user (authenticated role) and its JWT, for content-API tests. */
export async function createLearner(app: TestStrapi, name = `learner${uniqueSuffix()}`) {
  const res = await app.http.post('/api/auth/local/register').send({ username: name, email: `${name}@example.com`, password: 'Learn3rSecret!' });
  if (res.status !== 200) throw new Error(`learner registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { jwt: res.body.jwt as string, user: res.body.user as { id: number; documentId: string; username: string; email: string } };
}

/** The plugin's content-API action names as users-permissions stores them: `launches.course` → `plugin::scorm-cloud.launches.course`. */
export const pluginActions = (...names: string[]): string[] => names.map((name) => `plugin::scorm-cloud.${name}`);

/** What a signed-in learner may do on a site that lets learners register and launch themselves. */
export const LEARNER_ACTIONS = pluginActions(
  'learner-registrations.create',
  'learner-registrations.me',
  'learner-registrations.findOne',
  'launches.course',
  'launches.registration',
  'launches.ticket',
  'launches.courseTicket',
);

/** Gives the authenticated (or public) users-permissions role a content-API action, e.g. `plugin::scorm-cloud.learner-courses.find`. */
export async function grantRole(app: TestStrapi, roleType: 'authenticated' | 'public', actions: string[]) {
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  for (const action of actions) await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
}

/** A full-access API token, as a site backend would hold. */
export async function createApiToken(app: TestStrapi, type: 'full-access' | 'read-only' = 'full-access'): Promise<string> {
  const token = await app.strapi.service('admin::api-token').create({ name: `token-${uniqueSuffix()}`, type, lifespan: null, permissions: [] });
  return token.accessKey as string;
}

/**
 * The warnings Strapi logs from now on, as they are written. Observed, not replaced: every line still
 * goes to Strapi's logger.
 */
export function watchWarnings(app: TestStrapi): string[] {
  const warnings: string[] = [];
  const log = app.strapi.log;
  const warn = log.warn.bind(log);
  jest.spyOn(log, 'warn').mockImplementation(((message: string, ...rest: unknown[]) => {
    warnings.push(String(message));
    return warn(message, ...rest);
  }) as typeof log.warn);
  return warnings;
}
