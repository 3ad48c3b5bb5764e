import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

export const pollerController = ({ strapi }: { strapi: Core.Strapi }) => ({
  status: () => getService(strapi, 'poller').status(),
});
