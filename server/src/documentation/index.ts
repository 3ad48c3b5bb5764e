import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../utils/get-service';
import type { PluginRoute } from '../module';
import { openApiPaths } from './openapi';

/**
 * Describes the content API for Strapi's documentation plugin, when the app has it: the plugin's
 * routes are written by us, so the generated entries would only say "scorm-cloud"; ours say who calls
 * each route, what it takes and what it answers.
 *
 * The documentation plugin documents only the plugins its `x-strapi-config.plugins` lists (by default
 * upload and users-permissions), and drops overrides from others: an app that has it without listing this
 * plugin is told once at startup how to, rather than finding the routes missing.
 */
export function describeContentApi(strapi: Core.Strapi, routes: PluginRoute[]): boolean {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return false;
  const config = strapi.config.get('plugin::documentation') as { 'x-strapi-config'?: { plugins?: string[] | null } } | undefined;
  const listed = config?.['x-strapi-config']?.plugins;
  if (!listed?.includes(PLUGIN_ID)) {
    strapi.log.info(
      `[${PLUGIN_ID}] Strapi's documentation plugin does not document this plugin: add '${PLUGIN_ID}' to its config's 'x-strapi-config.plugins' (config/plugins) to describe the SCORM Cloud content API.`,
    );
    return false;
  }
  documentation.service('override').registerOverride({ paths: openApiPaths(routes) }, { pluginOrigin: PLUGIN_ID, excludeFromGeneration: [PLUGIN_ID] });
  return true;
}
