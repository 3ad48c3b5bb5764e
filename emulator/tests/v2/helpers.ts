import type { RunningEmulator } from '../../src';
import { APP } from '../helpers';

export const basic = (app = APP) => 'Basic ' + Buffer.from(`${app.appId}:${app.secretKey}`).toString('base64');

export interface V2Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface V2Init {
  body?: unknown;
  /** An Authorization header value; default Basic of the test app; `null` sends none. */
  auth?: string | null;
  headers?: Record<string, string>;
}

/** One V2 call: JSON in (unless the body is FormData/URLSearchParams), JSON or nothing out. */
export async function v2(emu: RunningEmulator, method: string, path: string, init: V2Init = {}): Promise<V2Reply> {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth === undefined ? basic() : init.auth;
  if (auth) headers.authorization = auth;
  let body: RequestInit['body'];
  if (init.body instanceof FormData || init.body instanceof URLSearchParams) body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${emu.url}/api/v2${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function zipForm(zip: Buffer, part = 'file'): FormData {
  const form = new FormData();
  form.append(part, new Blob([zip], { type: 'application/zip' }), 'course.zip');
  return form;
}

/** Polls the import job until it leaves RUNNING; fails naming the job if it never does. */
export async function importV2(emu: RunningEmulator, courseId: string, zip: Buffer, query = '') {
  const started = await v2(emu, 'POST', `/courses/importJobs/upload?courseId=${encodeURIComponent(courseId)}${query}`, { body: zipForm(zip) });
  if (started.status !== 200) throw new Error(`upload of ${courseId} answered ${started.status}: ${started.text}`);
  const jobId = started.json.result as string;
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const job = await v2(emu, 'GET', `/courses/importJobs/${jobId}`);
    if (job.json?.status !== 'RUNNING') return job.json;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`import job ${jobId} of course ${courseId} still RUNNING after 10 s`);
}

export async function createRegV2(emu: RunningEmulator, courseId: string, registrationId: string, extra: Record<string, unknown> = {}) {
  const r = await v2(emu, 'POST', '/registrations', {
    body: { courseId, registrationId, learner: { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }, ...extra },
  });
  if (r.status !== 204) throw new Error(`createRegistration ${registrationId} answered ${r.status}: ${r.text}`);
}
