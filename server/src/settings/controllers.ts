import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** The settings page: what is configured (never a secret), the connection test and the postback test. */
export const settingsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  get: () => getService(strapi, 'settings').describe(),
  testConnection: () => getService(strapi, 'settings').testConnection(),
  testPostback: () => getService(strapi, 'settings').testPostback(),
});
