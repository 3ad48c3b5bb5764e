import type { Core } from '@strapi/strapi';
import { serviceUrlWarning } from './config/service-url-warning';
import { describeContentApi } from './documentation';
import { installBodyBypass } from './middlewares/body-bypass';
import { installAccessLogRedaction } from './middlewares/redact-access-log';
import { modules } from './modules';
import { getService } from './utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = getService(strapi, 'config');
  config.get(); // Parse now: a bad key has already stopped Strapi in the validator; this caches the defaults.
  if (!config.isConfigured()) {
    // Start anyway (like the Sentry plugin): the admin shows "not configured" instead of Strapi refusing to boot.
    strapi.log.warn('[scorm-cloud] Not configured: set appId and secretKey in config/plugins to connect to SCORM Cloud.');
  }
  const warning = serviceUrlWarning(config.get().serviceUrl, strapi.config.get('environment') ?? process.env.NODE_ENV);
  if (warning) strapi.log.warn(warning);
  installBodyBypass(strapi);
  installAccessLogRedaction(strapi);
  for (const module of modules) module.register?.(strapi);
  describeContentApi(
    strapi,
    modules.flatMap((m) => m.contentApiRoutes ?? []),
  );
};
