import type { Core } from '@strapi/strapi';
import { modules } from './modules';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const module of [...modules].reverse()) await module.destroy?.(strapi);
};
