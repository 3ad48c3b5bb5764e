import type { Core } from '@strapi/strapi';
import { CloudClient } from '../cloud';
import { NotConfiguredError } from '../errors';
import { getService } from '../utils/get-service';

/** The one CloudClient of this Strapi, built from the plugin config on first use. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let client: CloudClient | undefined;
  return {
    /** @throws NotConfiguredError when appId or secretKey is missing. */
    client(): CloudClient {
      const config = getService(strapi, 'config');
      if (!config.isConfigured()) throw new NotConfiguredError();
      if (!client) {
        const { appId, secretKey, serviceUrl, origin, requestTimeoutMs, retries } = config.get();
        client = new CloudClient({ appId, secretKey, serviceUrl, origin, timeoutMs: requestTimeoutMs, retries });
      }
      return client;
    },
  };
};
