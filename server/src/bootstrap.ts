import type { Core } from '@strapi/strapi';
import { modules } from './modules';
import { ACTIONS } from './permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Plugin bootstrap runs before the admin's, which then drops permissions of unknown actions: register here.
  await strapi.admin.services.permission.actionProvider.registerMany(
    Object.values(ACTIONS).map(({ uid, displayName, subCategory }) => ({
      section: 'plugins',
      pluginName: 'scorm-cloud',
      uid,
      displayName,
      subCategory,
    })),
  );
  for (const module of modules) await module.bootstrap?.(strapi);
};
