import type { Core } from '@strapi/strapi';
import { CloudV1Api, CloudV2Client, serviceEndpoint, type CloudApi } from '../cloud';
import { NotConfiguredError } from '../errors';
import { getService } from '../utils/get-service';

/** The one Cloud client of this Strapi, of the configured API version, built from the plugin config on first use. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let client: CloudApi | undefined;
  return {
    /** @throws NotConfiguredError when appId or secretKey is missing. */
    client(): CloudApi {
      const config = getService(strapi, 'config');
      if (!config.isConfigured()) throw new NotConfiguredError();
      if (!client) {
        const { apiVersion, appId, secretKey, serviceUrl, origin, requestTimeoutMs, retries } = config.get();
        const common = { appId, secretKey, serviceUrl: serviceEndpoint(serviceUrl, apiVersion), timeoutMs: requestTimeoutMs, retries };
        client = apiVersion === 'v2' ? new CloudV2Client(common) : new CloudV1Api({ ...common, origin });
      }
      return client;
    },

    /** The next call builds the client again from the config: for a config changed while Strapi runs. */
    reset(): void {
      client = undefined;
    },
  };
};
