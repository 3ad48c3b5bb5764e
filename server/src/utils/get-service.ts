import type { Core } from '@strapi/strapi';
import type services from '../services';

export const PLUGIN_ID = 'scorm-cloud';

type Services = typeof services;
export type ServiceName = keyof Services;
export type Service<N extends ServiceName> = ReturnType<Services[N]>;

/** Typed access to the plugin's services: `getService(strapi, 'settings')` is typed end to end. */
export function getService<N extends ServiceName>(strapi: Core.Strapi, name: N): Service<N> {
  return strapi.plugin(PLUGIN_ID).service(name) as Service<N>;
}
