import type { Core } from '@strapi/strapi';

/**
 * A domain of the plugin (courses, registrations, postbacks, ...): its services, controllers, routes and
 * lifecycle hooks. server/src/index.ts merges them into the shape Strapi expects, so each domain lives in
 * its own folder (design: one place for each concept).
 */
export type ServiceFactory = (deps: { strapi: Core.Strapi }) => unknown;

export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  handler: string;
  config?: { auth?: false | { scope?: string[] }; policies?: unknown[]; middlewares?: unknown[] } & Record<string, unknown>;
  info?: Record<string, unknown>;
}

export interface PluginModule {
  controllers?: Record<string, ServiceFactory>;
  adminRoutes?: PluginRoute[];
  contentApiRoutes?: PluginRoute[];
  register?(strapi: Core.Strapi): void;
  bootstrap?(strapi: Core.Strapi): void | Promise<void>;
  destroy?(strapi: Core.Strapi): void | Promise<void>;
}

export const defineModule = <M extends PluginModule>(module: M): M => module;
