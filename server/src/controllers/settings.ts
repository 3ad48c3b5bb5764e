import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { respond } from './respond';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    await respond(ctx, () => getService(strapi, 'settings').describe());
  },
  async testConnection(ctx: Context) {
    await respond(ctx, () => getService(strapi, 'settings').testConnection());
  },
});
