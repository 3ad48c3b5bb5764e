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
  /** What the route's OpenAPI entry says (content API routes; see documentation/openapi.ts). */
  doc?: RouteDoc;
}

/** A content-API route as its reader needs it: who calls it, what it takes and what it answers. */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** A users-permissions JWT, an API token, either, or nobody (the route checks a credential of its own). */
  caller: 'user' | 'token' | 'user-or-token' | 'public';
  query?: Record<string, string>;
  /** The JSON body, in words. */
  body?: string;
  /** Status code to its meaning, in words. */
  responses: Record<number, string>;
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
