import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** The settings page: what is configured (never a secret) and the connection test. */
export const settingsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  get: () => getService(strapi, 'settings').describe(),
  testConnection: () => getService(strapi, 'settings').testConnection(),
});
