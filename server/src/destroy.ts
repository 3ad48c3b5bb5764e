import type { Core } from '@strapi/strapi';

export default (_deps: { strapi: Core.Strapi }) => {};
