import { eventually } from '../helpers/eventually';
/**
 * Arrangements shared by the postback, results, override and journey suites: a course and registrations
 * in both Strapi and the emulator, Strapi listening on a real port so the emulator's postbacks reach it,
 * and postbacks built and signed exactly as SCORM Cloud sends them.
 */
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildRegistrationReportXml } from '../../server/src/cloud';
import { buildRegistrationJson } from '../../server/src/cloud/v2/registration-report';
import type { RegistrationReport } from '../../server/src/cloud/types';
import { postbackPassword, postbackSecret } from '../../server/src/postbacks/credentials';
import { scorm12Single } from '../helpers/packages';
import type { Stack } from '../helpers/stack';

export const REG_UID = 'plugin::scorm-cloud.registration' as any;
export const COURSE_UID = 'plugin::scorm-cloud.course' as any;
export const INBOX_UID = 'plugin::scorm-cloud.postback' as any;
export const POSTBACK_SECRET = 'postback-secret-for-tests-0123456789abcdef';

/** Makes Strapi listen on 127.0.0.1 (supertest alone only listens per request) and returns its base URL. */
export async function listen(stack: Stack): Promise<string> {
  const server = stack.app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export function passwordFor(stack: Stack, registrationId: string): string {
  const config = stack.app.strapi.plugin('scorm-cloud').service('config').get();
  return postbackPassword(postbackSecret(config), registrationId);
}

export async function seedCourse(stack: Stack, courseId: string): Promise<{ id: number; courseId: string }> {
  const zip = await scorm12Single(`Course ${courseId}`);
  const { token } = await stack.cloud.importCourseAsync(courseId, Readable.from([zip]), { filename: `${courseId}.zip` });
  // Fails naming the course when the import never finishes (it used to give up silently and seed a row anyway).
  await eventually(`the Cloud import of ${courseId} to finish`, async () => {
    const result = await stack.cloud.getAsyncImportResult(token);
    if (result.status === 'error') throw new Error(`import failed: ${result.error?.message}`);
    return result.status === 'finished';
  });
  const row = await stack.app.strapi.db.query(COURSE_UID).create({ data: { courseId, title: `Course ${courseId}`, status: 'ready', launchable: true } });
  return { id: row.id, courseId };
}

export interface SeedRegistration {
  registrationId: string;
  course: { id: number; courseId: string };
  /** Strapi's base URL; when given, the Cloud registration posts back to it. */
  baseUrl?: string;
  authType?: 'form' | 'httpbasic';
  resultsFormat?: 'course' | 'activity' | 'full';
  row?: Record<string, unknown>;
  /** false: the row only, no Cloud registration. */
  cloud?: boolean;
}

export async function seedRegistration(stack: Stack, options: SeedRegistration): Promise<Record<string, any>> {
  const { registrationId, course } = options;
  const row = await stack.app.strapi.db.query(REG_UID).create({
    data: {
      registrationId,
      course: course.id,
      learnerId: `learner-${registrationId}`,
      learnerFirstName: 'Ada',
      learnerLastName: 'Lovelace',
      attempt: 1,
      attemptKey: `${course.courseId}:learner-${registrationId}:1`,
      cloudStatus: 'active',
      cloudComplete: 'unknown',
      cloudSuccess: 'unknown',
      cloudTotalTime: 0,
      instanceId: 0,
      complete: 'unknown',
      success: 'unknown',
      launchCount: 0,
      postbackAuthType: options.authType ?? null,
      ...options.row,
    },
  });
  if (options.cloud !== false) {
    await stack.cloud.createRegistration({
      courseId: course.courseId,
      registrationId,
      learnerId: `learner-${registrationId}`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      postback: options.baseUrl
        ? {
            url: `${options.baseUrl}/api/scorm-cloud/postback`,
            authType: options.authType ?? 'form',
            username: 'scorm-cloud',
            password: passwordFor(stack, registrationId),
            resultsFormat: options.resultsFormat ?? 'course',
          }
        : undefined,
    });
  }
  return row;
}

export const report = (registrationId: string, over: Partial<RegistrationReport> = {}): RegistrationReport => ({
  format: 'course',
  registrationId,
  instanceId: 0,
  complete: 'incomplete',
  success: 'unknown',
  score: null,
  totalTimeSeconds: 0,
  ...over,
});

export interface PostOptions {
  password?: string;
  username?: string;
  authType?: 'form' | 'httpbasic';
  envelope?: boolean;
}

/** POSTs a report to the postback route as SCORM Cloud would (supertest, so no listening needed). */
export function postReport(stack: Stack, r: RegistrationReport | string, options: PostOptions = {}) {
  const xml = typeof r === 'string' ? r : buildRegistrationReportXml(r, { envelope: options.envelope });
  const regId = typeof r === 'string' ? (/regid="([^"]*)"/.exec(r)?.[1] ?? '') : r.registrationId;
  const username = options.username ?? 'scorm-cloud';
  const password = options.password ?? passwordFor(stack, regId);
  const req = stack.app.request().post('/api/scorm-cloud/postback');
  if (options.authType === 'httpbasic') {
    return req
      .set('content-type', 'text/xml; charset=utf-8')
      .set('authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`)
      .send(xml);
  }
  return req.type('form').send(new URLSearchParams({ data: xml, username, password }).toString());
}

export interface JsonPostOptions {
  password?: string;
  username?: string;
  /** V2's guide names the form field `userName`; V1 and the PostBackSchema text say `username`. */
  usernameField?: 'userName' | 'username';
  authType?: 'form' | 'httpbasic';
}

/** POSTs a report as SCORM Cloud V2 does: JSON, in a form's `data` field or as the body with Basic auth. */
export function postJsonReport(stack: Stack, r: RegistrationReport | string, options: JsonPostOptions = {}) {
  const json = typeof r === 'string' ? r : JSON.stringify(buildRegistrationJson(r));
  const regId = typeof r === 'string' ? ((JSON.parse(r) as { id?: string }).id ?? '') : r.registrationId;
  const username = options.username ?? 'scorm-cloud';
  const password = options.password ?? passwordFor(stack, regId);
  const req = stack.app.request().post('/api/scorm-cloud/postback');
  if (options.authType === 'httpbasic') {
    return req
      .set('content-type', 'application/json; charset=UTF-8')
      .set('authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`)
      .send(json);
  }
  return req.type('form').send(new URLSearchParams({ data: json, [options.usernameField ?? 'userName']: username, password }).toString());
}

export async function registrationRow(stack: Stack, registrationId: string): Promise<Record<string, any>> {
  return stack.app.strapi.db.query(REG_UID).findOne({ where: { registrationId } });
}
