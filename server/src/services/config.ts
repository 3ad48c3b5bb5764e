import type { Core } from '@strapi/strapi';
import { isConfigured, parseConfig, type PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/get-service';

/** The validated, defaulted plugin config. Parsed once; Strapi already validated it at load. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: PluginConfig | undefined;
  return {
    get(): PluginConfig {
      cached ??= parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));
      return cached;
    },
    isConfigured(): boolean {
      return isConfigured(this.get());
    },
    /** The app's REST prefix (`api.rest.prefix`, default `/api`), without a trailing slash. */
    restPrefix(): string {
      return String(strapi.config.get('api.rest.prefix', '/api') || '').replace(/\/+$/, '');
    },
    /** Public URL of one of the plugin's content-API routes, e.g. `contentApiUrl('/postback')`, as the Cloud and browsers reach it. */
    contentApiUrl(path: string): string {
      return `${this.publicUrl()}${this.restPrefix()}/${PLUGIN_ID}${path}`;
    },
    /** Public base URL of this Strapi, without a trailing slash. */
    publicUrl(): string {
      const configured = this.get().publicUrl ?? (strapi.config.get('server.absoluteUrl') as string | undefined);
      return (configured ?? `http://localhost:${strapi.config.get('server.port', 1337)}`).replace(/\/+$/, '');
    },
  };
};
