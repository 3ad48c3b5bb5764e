import type { Core } from '@strapi/strapi';
import type { PluginRoute } from '../module';
import { openApiPaths } from './openapi';

/**
 * Describes the content API for Strapi's documentation plugin, when the app has it: the plugin's
 * routes are written by us, so the generated entries would only say "scorm-cloud"; ours say who calls
 * each route, what it takes and what it answers.
 */
export function describeContentApi(strapi: Core.Strapi, routes: PluginRoute[]): boolean {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return false;
  documentation.service('override').registerOverride({ paths: openApiPaths(routes) }, { pluginOrigin: 'scorm-cloud', excludeFromGeneration: ['scorm-cloud'] });
  return true;
}
