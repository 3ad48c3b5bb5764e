import type { Core } from '@strapi/strapi';
import { getService, PLUGIN_ID } from '../utils/get-service';

/**
 * Where a course's page is in the admin, absolute: the Cloud's player and the direct-upload completion page
 * send the editor's browser back there. Built from `admin.url` on the plugin's public URL, as the admin is served.
 */
export function adminCoursePage(strapi: Core.Strapi, courseId: string): { coursePage: string; adminOrigin: string } {
  const adminBase = new URL(String(strapi.config.get('admin.url', '/admin')), `${getService(strapi, 'config').publicUrl()}/`);
  return {
    coursePage: `${adminBase.href.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}/courses/${encodeURIComponent(courseId)}`,
    adminOrigin: adminBase.origin,
  };
}
