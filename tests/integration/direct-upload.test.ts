/**
 * Direct mode as a browser does it: the admin page posts the package to the Cloud with script (real
 * progress) and hands the Cloud's answer to Strapi, which reads the import job or the refusal. V1 signs
 * that post without a redirect (the Cloud answers it with CORS headers and the token in XML) and a plain
 * form post with a `redirecturl` as the fallback, which brings the browser back to Strapi's public
 * completion route with the token (or the Cloud's error). V2: a bearer token for the one upload, whose
 * JSON answer names the import job. Real Strapi, the emulator, HTTP.
 */
import type { DirectUpload } from '../../server/src/contracts';
import { itOn } from '../helpers/api-version';
import { bootStack, TEST_APP, type Stack } from '../helpers/stack';
import { availableDatabases } from '../helpers/databases';
import { scorm12Single } from '../helpers/packages';
import { signDirectState } from '../../server/src/courses/direct-state';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(availableDatabases())('direct uploads on %s', (database) => {
  let stack: Stack;
  let token: string;

  const api = () => stack.app.request();
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const row = (courseId: string) => stack.app.strapi.db.query('plugin::scorm-cloud.course').findOne({ where: { courseId } });

  const waitForStatus = async (courseId: string, statuses: string[], timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const res = await api().get(`/scorm-cloud/courses/${courseId}`).set(auth());
      if (statuses.includes(res.body.data?.status)) return res.body.data;
      if (Date.now() > end) throw new Error(`course ${courseId} stayed ${res.body.data?.status}: ${JSON.stringify(res.body)}`);
      await sleep(100);
    }
  };

  const begin = async (filename = 'direct.zip') => {
    const res = await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename });
    expect(res.status).toBe(200);
    return res.body.data as DirectUpload;
  };

  /** What the admin page's XHR sends: the file part, the target's headers, from the admin's origin (CORS). */
  const postScript = async (target: DirectUpload, file?: Buffer) => {
    const form = new FormData();
    if (file) form.append(target.fileField, new Blob([file], { type: 'application/zip' }), 'package.zip');
    else form.append('note', 'no file here');
    const res = await fetch(target.uploadUrl, { method: 'POST', body: form, headers: { ...target.headers, Origin: 'https://strapi.example.test' } });
    return { status: res.status, cors: res.headers.get('access-control-allow-origin'), text: await res.text() };
  };

  const report = (courseId: string, body: Record<string, unknown>) => api().post(`/scorm-cloud/courses/${courseId}/import-token`).set(auth()).send(body);

  /** What a `<form method=post enctype=multipart/form-data action=uploadUrl>` sends, stopping at the redirect. */
  const postForm = async (uploadUrl: string, part: string, file?: Buffer) => {
    const form = new FormData();
    if (file) form.append(part, new Blob([file], { type: 'application/zip' }), 'package.zip');
    else form.append(part, 'no file here');
    const res = await fetch(uploadUrl, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') as string);
  };

  /** The browser follows the Location to Strapi (same path and query; the test app is not listening on a port). */
  const follow = (location: URL) => api().get(`${location.pathname}${location.search}`);

  beforeAll(async () => {
    stack = await bootStack({
      database,
      pluginConfig: {
        publicUrl: 'https://strapi.example.test',
        upload: { mode: 'direct', maxBytes: 512 * 1024, directUploadExpiryMinutes: 30 },
        poller: { rule: '*/1 * * * * *', initialDelaySeconds: 1, maxDelaySeconds: 2, leaseSeconds: 30 },
      },
    });
    token = await stack.app.superAdminToken();
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  itOn('v1')('signs a script post without a redirect, and a form post with one as the fallback', async () => {
    const target = await begin('signed.zip');
    expect({ transport: target.transport, fileField: target.fileField, headers: target.headers }).toEqual({
      transport: 'xhr',
      fileField: 'filedata',
      headers: {},
    });
    const script = new URL(target.uploadUrl);
    expect(script.searchParams.get('method')).toBe('rustici.course.importCourseAsync');
    expect(script.searchParams.get('courseid')).toBe(target.course.courseId);
    expect(script.searchParams.has('redirecturl')).toBe(false);
    expect(target.fallback).toEqual({ transport: 'form', url: expect.any(String), fileField: 'filedata' });
    const form = new URL(target.fallback!.url);
    expect(form.searchParams.get('courseid')).toBe(target.course.courseId);
    expect(form.searchParams.get('redirecturl')).toMatch(/^https:\/\/strapi\.example\.test\/api\/scorm-cloud\/direct-uploads\//);
    expect(JSON.stringify(target)).not.toContain(TEST_APP.secretKey);
  });

  it("reads the Cloud's answer to the page's script post: importing, then ready", async () => {
    const target = await begin('script.zip');
    const answer = await postScript(target, await scorm12Single('Script Manifest'));
    expect(answer.status).toBe(200);
    expect(answer.cors).toBe('https://strapi.example.test');
    const reported = await report(target.course.courseId, { cloudStatus: answer.status, cloudAnswer: answer.text });
    expect(reported.status).toBe(200);
    expect(reported.body.data.status).toBe('importing');
    expect((await row(target.course.courseId)).importToken).toBeTruthy();
    expect(await waitForStatus(target.course.courseId, ['ready', 'failed'])).toMatchObject({ status: 'ready', title: 'Script Manifest', error: null });
  });

  it("fails the course with the Cloud's words when the Cloud refused the page's post", async () => {
    const target = await begin('no-file.zip');
    const answer = await postScript(target);
    const reported = await report(target.course.courseId, { cloudStatus: answer.status, cloudAnswer: answer.text });
    expect(reported.status).toBe(200);
    expect(reported.body.data.status).toBe('failed');
    expect(reported.body.data.error).toMatch(/^SCORM Cloud refused the package: \S/);
    expect(await row(target.course.courseId)).toMatchObject({ status: 'failed', importToken: null });
  });

  it("refuses an answer that is not the Cloud's, and a report naming both forms, leaving the course waiting", async () => {
    const target = await begin('garbage.zip');
    const before = await row(target.course.courseId);
    const garbage = await report(target.course.courseId, { cloudStatus: 200, cloudAnswer: '<html>proxy says hello</html>' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/not SCORM Cloud's answer/);
    const both = await report(target.course.courseId, { token: 'abc', cloudStatus: 200, cloudAnswer: '{}' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/either the import token/);
    const huge = await report(target.course.courseId, { cloudStatus: 200, cloudAnswer: 'x'.repeat(65 * 1024) });
    expect(huge.status).toBe(400);
    const after = await row(target.course.courseId);
    expect(after).toMatchObject({ status: 'uploading', importToken: null, error: null });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  itOn('v1')('finishes through the redirect: form post to the Cloud, redirect to Strapi, importing, then ready', async () => {
    const { course, fallback } = await begin();
    const uploadUrl = fallback!.url;
    const signed = new URL(uploadUrl);
    const redirect = new URL(signed.searchParams.get('redirecturl') as string);
    expect(redirect.origin + redirect.pathname).toBe(`https://strapi.example.test/api/scorm-cloud/direct-uploads/${course.courseId}/complete`);
    expect(redirect.searchParams.get('state')).toMatch(/^\d+\.[A-Za-z0-9_-]+$/);

    // Any part name: a browser form names the file input however the page does.
    const location = await postForm(uploadUrl, 'package', await scorm12Single('Redirected Manifest'));
    expect(location.origin + location.pathname).toBe(redirect.origin + redirect.pathname);
    expect(location.searchParams.get('success')).toBe('true');
    expect(location.searchParams.get('courseid')).toBe(course.courseId);
    expect(location.searchParams.get('tokenid')).toBeTruthy();

    const page = await follow(location);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('You can close this window');
    expect(page.text).toContain(`/admin/plugins/scorm-cloud/courses/${course.courseId}`);
    expect((await row(course.courseId)).importToken).toBe(location.searchParams.get('tokenid'));

    expect(await waitForStatus(course.courseId, ['ready', 'failed'])).toMatchObject({ status: 'ready', title: 'Redirected Manifest', error: null });

    // The same URL again (history, a reload) changes nothing.
    const replay = await follow(location);
    expect(replay.status).toBe(409);
    expect((await row(course.courseId)).status).toBe('ready');
  });

  it("lets the admin page post forms and frames to the Cloud's origin, and nowhere else new", async () => {
    // Strapi's security middleware sets one policy for every answer; /_health does not depend on the admin build.
    const res = await api().get('/_health');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toEqual(expect.any(String));
    const origin = new URL(stack.emulator.serviceUrl).origin;
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('form-action')).toBe(`form-action 'self' ${origin}`);
    expect(directive('frame-src')).toBe(`frame-src 'self' ${origin}`);
    // V2's upload is a script request.
    expect(directive('connect-src')?.split(' ')).toContain(origin);
  });

  itOn('v2')('posts with a bearer token for this one upload, reads the import job, reports it: importing, then ready', async () => {
    const res = await api().post('/scorm-cloud/courses/direct-upload').set(auth()).send({ filename: 'v2.zip', title: 'Direct V2' });
    expect(res.status).toBe(200);
    const { course, uploadUrl, fileField, transport, headers } = res.body.data;
    expect({ transport, fileField }).toEqual({ transport: 'xhr', fileField: 'file' });
    const target = new URL(uploadUrl);
    expect(target.origin + target.pathname).toBe(`${stack.emulator.url}/api/v2/courses/importJobs/upload`);
    expect(target.searchParams.get('courseId')).toBe(course.courseId);
    expect(headers.Authorization).toMatch(/^Bearer \S+$/);
    // Neither the app's secret nor its Basic credentials reach the browser.
    expect(JSON.stringify(res.body)).not.toContain(TEST_APP.secretKey);
    expect(JSON.stringify(res.body)).not.toContain(Buffer.from(`${TEST_APP.appId}:${TEST_APP.secretKey}`).toString('base64'));

    // The token opens this upload and nothing else.
    const reading = await fetch(`${stack.emulator.url}/api/v2/registrations`, { headers: { Authorization: headers.Authorization } });
    expect(reading.status).toBe(401);

    // What the admin page's XHR does: a multipart post with the header, from the admin's origin (CORS).
    const form = new FormData();
    form.append('file', new Blob([await scorm12Single('Direct V2 Manifest')], { type: 'application/zip' }), 'v2.zip');
    const posted = await fetch(uploadUrl, {
      method: 'POST',
      body: form,
      headers: { Authorization: headers.Authorization, Origin: 'https://strapi.example.test' },
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('access-control-allow-origin')).toBe('https://strapi.example.test');
    const { result } = (await posted.json()) as { result: string };
    expect(result).toEqual(expect.any(String));
    const reported = await api().post(`/scorm-cloud/courses/${course.courseId}/import-token`).set(auth()).send({ token: result });
    expect(reported.status).toBe(200);
    expect(reported.body.data.status).toBe('importing');
    expect(await waitForStatus(course.courseId, ['ready', 'failed'])).toMatchObject({ status: 'ready', title: 'Direct V2' });
  });

  itOn('v1')('refuses a forged, expired or mismatched completion with a 4xx and changes nothing', async () => {
    const { course, fallback } = await begin('forged.zip');
    const location = await postForm(fallback!.url, 'filedata', await scorm12Single('Forged'));
    const before = await row(course.courseId);
    const complete = (params: Record<string, string>, id = course.courseId) => api().get(`/api/scorm-cloud/direct-uploads/${id}/complete`).query(params);
    const cloudParams = Object.fromEntries(location.searchParams);
    const config = stack.app.strapi.plugin('scorm-cloud').service('config').get();

    const forged = cloudParams.state.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await complete({ ...cloudParams, state: forged })).status).toBe(403);
    expect((await complete({ ...cloudParams, state: '' })).status).toBe(403);
    const expired = signDirectState(config, course.courseId, new Date(Date.now() - 1000));
    const expiredRes = await complete({ ...cloudParams, state: expired });
    expect(expiredRes.status).toBe(403);
    expect(expiredRes.text).toMatch(/expired/);
    // A state for another course does not open this one.
    const other = await begin('other.zip');
    const otherState = new URL(new URL(other.fallback!.url).searchParams.get('redirecturl') as string).searchParams.get('state') as string;
    expect((await complete({ ...cloudParams, state: otherState })).status).toBe(403);
    // The Cloud naming another course than the signed one.
    expect((await complete({ ...cloudParams, courseid: other.course.courseId })).status).toBe(400);
    // A failure report with a bad state cannot fail the course either.
    expect((await complete({ state: forged, success: 'false', errcode: '1', msg: 'forged' })).status).toBe(403);

    const after = await row(course.courseId);
    expect(after).toMatchObject({ status: 'uploading', importToken: null, error: null });
    expect(after.updatedAt).toEqual(before.updatedAt);

    // The genuine redirect still completes it.
    expect((await follow(location)).status).toBe(200);
    await waitForStatus(course.courseId, ['ready']);
  });

  itOn('v1')('stores the Cloud error of a refused upload: the course fails with its message', async () => {
    const { course, fallback } = await begin('refused.zip');
    const location = await postForm(fallback!.url, 'filedata');
    expect(location.searchParams.get('success')).toBe('false');
    const msg = location.searchParams.get('msg') as string;
    expect(msg).toBeTruthy();
    const page = await follow(location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('did not accept');
    const failed = await waitForStatus(course.courseId, ['failed'], 2000);
    expect(failed.error).toContain(msg);
    expect(failed.error).toMatch(/^SCORM Cloud refused the package/);
  });
});
