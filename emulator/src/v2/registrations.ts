import { randomUUID } from 'node:crypto';
import { sendPostback } from '../postbacks';
import { sampleReportXml } from '../report';
import type { AuthType, PostbackSettings, RegistrationRecord, ResultsFormat } from '../store';
import type { Route, RouteCall } from './context';
import { dateQuery, flag, notFoundCourse, notFoundRegistration, readJson, sendEmpty, sendJson, str, V2Error } from './http';
import { paginate } from './pagination';
import { iso, registrationSchema, sampleRegistrationSchema, toJson, type Detail } from './schemas';

const detailOf = (q: URLSearchParams): Detail => ({
  children: flag(q, 'includeChildResults'),
  objectives: flag(q, 'includeInteractionsAndObjectives'),
  runtime: flag(q, 'includeRuntime'),
});

function requireReg({ ctx, caller, path }: RouteCall): RegistrationRecord {
  const reg = ctx.core.registration(caller.app.appId, path.registrationId);
  if (!reg) throw notFoundRegistration(path.registrationId);
  return reg;
}

function enumValue<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const v = str(body, name);
  if (v === undefined || v === '') return undefined;
  const up = v.toUpperCase() as T;
  if (!allowed.includes(up)) throw new V2Error(400, `The value [${v}] of [postBack.${name}] is invalid: expected one of ${allowed.join(', ')}.`);
  return up;
}

/**
 * PostBackSchema → the stored settings. `UNDEFINED` means "inherit the configuration"; with no configuration
 * API here it falls back to form and course (the postback guide's defaults; the reference notes a conflict).
 */
export function postbackSettings(value: unknown): PostbackSettings {
  if (value === undefined || value === null) return { url: '', authType: 'form', name: '', password: '', resultsFormat: 'course', wire: 'json' };
  if (typeof value !== 'object' || Array.isArray(value)) throw new V2Error(400, 'postBack must be an object.');
  const pb = value as Record<string, unknown>;
  const auth = enumValue(pb, 'authType', ['UNDEFINED', 'FORM', 'HTTPBASIC'] as const);
  const format = enumValue(pb, 'resultsFormat', ['UNDEFINED', 'COURSE', 'ACTIVITY', 'FULL'] as const);
  if (pb.legacy !== undefined && pb.legacy !== null && typeof pb.legacy !== 'boolean') throw new V2Error(400, 'postBack.legacy must be a boolean.');
  const url = str(pb, 'url') ?? '';
  if (url && !/^https?:\/\/[^\s]+$/i.test(url)) throw new V2Error(400, `The postBack url [${url}] is not a valid http(s) URL.`);
  return {
    url,
    authType: (auth === 'HTTPBASIC' ? 'httpbasic' : 'form') as AuthType,
    name: str(pb, 'userName') ?? '',
    password: str(pb, 'password') ?? '',
    resultsFormat: (format && format !== 'UNDEFINED' ? format.toLowerCase() : 'course') as ResultsFormat,
    wire: pb.legacy === true ? 'xml' : 'json',
  };
}

const tagList = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string')) throw new V2Error(400, `${name} must be a list of strings.`);
  return v as string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function listRegistrations(call: RouteCall, q: URLSearchParams) {
  const { ctx, caller } = call;
  const field = q.get('datetimeFilter') === 'updated' ? 'updated' : 'created';
  const since = dateQuery(q, 'since');
  const until = dateQuery(q, 'until');
  const courseId = q.get('courseId');
  const learnerId = q.get('learnerId');
  const filter = q.get('filter')?.toLowerCase();
  const filterBy = q.get('filterBy') ?? 'registration_id';
  const tags = (q.get('tags') ?? '').split(',').filter(Boolean);
  const [order, dir] = /^(created|updated)_(asc|desc)$/.exec(q.get('orderBy') ?? '')?.slice(1) ?? ['created', 'desc'];
  const at = (r: RegistrationRecord) => (field === 'updated' ? r.updatedAt : r.createdAt);
  return ctx.core
    .registrations(caller.app.appId)
    .filter((r) => {
      if (courseId && r.courseId !== courseId) return false;
      if (learnerId && r.learnerId !== learnerId) return false;
      if (since !== undefined && at(r) < since) return false;
      if (until !== undefined && at(r) > until) return false;
      if (tags.length && !tags.some((t) => r.registrationTags.includes(t))) return false;
      if (filter) {
        const target =
          filterBy === 'learner_first_name'
            ? r.firstName
            : filterBy === 'learner_last_name'
              ? r.lastName
              : filterBy === 'course_title'
                ? (ctx.core.course(r.appId, r.courseId)?.title ?? '')
                : r.regId;
        if (!target.toLowerCase().includes(filter)) return false;
      }
      return true;
    })
    .sort(
      (a, b) => (dir === 'asc' ? 1 : -1) * ((order === 'updated' ? a.updatedAt - b.updatedAt : a.createdAt - b.createdAt) || a.regId.localeCompare(b.regId)),
    )
    .map((r) => registrationSchema(ctx.core, r, detailOf(q)));
}

export const registrationRoutes: Route[] = [
  {
    method: 'POST',
    template: '/registrations',
    scope: 'write:registration',
    async run(call) {
      const { ctx, req, res, url, caller } = call;
      const body = await readJson(req);
      const courseId = str(body, 'courseId');
      const regId = str(body, 'registrationId');
      const learner = body.learner as Record<string, unknown> | undefined;
      if (!courseId) throw new V2Error(400, 'courseId is required.');
      if (!regId) throw new V2Error(400, 'registrationId is required.');
      if (regId.length > 255) throw new V2Error(400, 'registrationId may be at most 255 characters long.');
      if (!learner || typeof learner !== 'object' || Array.isArray(learner) || !str(learner, 'id')) throw new V2Error(400, 'learner.id is required.');
      const xapi = str(body, 'xapiRegistrationId');
      if (xapi && !UUID.test(xapi)) throw new V2Error(400, `xapiRegistrationId [${xapi}] must be a UUID.`);
      const postback = postbackSettings(body.postBack);
      const course = ctx.core.course(caller.app.appId, courseId);
      if (!course) throw notFoundCourse(courseId);
      if (ctx.core.registration(caller.app.appId, regId)) throw new V2Error(400, `Registration with id [${regId}] already exists`);
      const versionText = url.searchParams.get('courseVersion');
      let version: number | undefined;
      if (versionText !== null && versionText !== '') {
        if (!/^\d+$/.test(versionText) || !ctx.core.courseVersion(course, Number(versionText)))
          throw new V2Error(404, `Could not find version [${versionText}] of course [${courseId}]`);
        version = Number(versionText);
      }
      const courseTags = tagList(body, 'courseTags');
      ctx.core.createRegistration(
        {
          appId: caller.app.appId,
          regId,
          courseId,
          learnerId: str(learner, 'id')!,
          firstName: str(learner, 'firstName') ?? '',
          lastName: str(learner, 'lastName') ?? '',
          email: str(learner, 'email') ?? '',
          postback,
          learnerTags: tagList(body, 'learnerTags'),
          courseTags,
          registrationTags: tagList(body, 'registrationTags'),
          xapiRegistrationId: xapi ?? randomUUID(),
        },
        version,
      );
      for (const t of courseTags) if (!course.tags.includes(t)) course.tags.push(t);
      sendEmpty(res, 204);
    },
  },
  {
    method: 'GET',
    template: '/registrations',
    scope: 'read:registration',
    run(call) {
      const page = paginate(call.url, 'registrations', call.ctx.options.pageSize, (q) => listRegistrations(call, q));
      sendJson(call.res, 200, { registrations: page.items, more: page.more }, page.total === undefined ? {} : { 'x-total-count': String(page.total) });
    },
  },
  {
    method: 'HEAD',
    template: '/registrations/{registrationId}',
    scope: 'read:registration',
    run(call) {
      requireReg(call);
      sendEmpty(call.res, 200);
    },
  },
  {
    method: 'GET',
    template: '/registrations/{registrationId}',
    scope: 'read:registration',
    run(call) {
      sendJson(call.res, 200, registrationSchema(call.ctx.core, requireReg(call), detailOf(call.url.searchParams)));
    },
  },
  {
    method: 'DELETE',
    template: '/registrations/{registrationId}',
    scope: 'delete:registration',
    run(call) {
      requireReg(call);
      call.ctx.core.deleteRegistration(call.caller.app.appId, call.path.registrationId);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'DELETE',
    template: '/registrations/{registrationId}/progress',
    scope: 'delete:registration',
    run(call) {
      requireReg(call);
      call.ctx.core.resetProgress(call.caller.app.appId, call.path.registrationId);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'GET',
    template: '/registrations/{registrationId}/instances',
    scope: 'read:registration',
    run(call) {
      const reg = requireReg(call);
      const q = call.url.searchParams;
      const since = dateQuery(q, 'since');
      const until = dateQuery(q, 'until');
      const registrations = reg.instances
        .filter((i) => (since === undefined || i.updatedAt >= since) && (until === undefined || i.updatedAt <= until))
        .map((i) => registrationSchema(call.ctx.core, reg, detailOf(q), i));
      sendJson(call.res, 200, { registrations });
    },
  },
  {
    method: 'POST',
    template: '/registrations/{registrationId}/instances',
    scope: 'write:registration',
    run(call) {
      requireReg(call);
      call.ctx.core.newInstance(call.caller.app.appId, call.path.registrationId);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'GET',
    template: '/registrations/{registrationId}/instances/{instanceId}',
    scope: 'read:registration',
    run(call) {
      const reg = requireReg(call);
      const inst = /^\d+$/.test(call.path.instanceId) ? reg.instances.find((i) => i.instanceId === Number(call.path.instanceId)) : undefined;
      if (!inst) throw new V2Error(404, `Could not find instance [${call.path.instanceId}] of registration [${reg.regId}]`);
      sendJson(call.res, 200, registrationSchema(call.ctx.core, reg, detailOf(call.url.searchParams), inst));
    },
  },
  {
    method: 'DELETE',
    template: '/registrations/{registrationId}/instances/{instanceId}',
    scope: 'delete:registration',
    run(call) {
      const reg = requireReg(call);
      const n = /^\d+$/.test(call.path.instanceId) ? Number(call.path.instanceId) : undefined;
      if (n === undefined || !reg.instances.some((i) => i.instanceId === n))
        throw new V2Error(404, `Could not find instance [${call.path.instanceId}] of registration [${reg.regId}]`);
      // The last instance takes the registration with it (core: one instance left = whole registration).
      call.ctx.core.deleteRegistration(reg.appId, reg.regId, n);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'GET',
    template: '/registrations/{registrationId}/launchHistory',
    scope: 'read:registration',
    run(call) {
      const reg = requireReg(call);
      const withLog = flag(call.url.searchParams, 'includeHistoryLog');
      const launchHistory = call.ctx.core.launchesOf(reg.appId, reg.regId).map((l) => {
        const inst = reg.instances.find((i) => i.instanceId === l.instanceId);
        const s = inst ? (registrationSchema(call.ctx.core, reg, undefined, inst) as Record<string, unknown>) : {};
        return {
          id: reg.regId,
          instance: l.instanceId,
          launchHistoryId: l.launchId,
          score: s.score,
          completionStatus: s.registrationCompletion ?? 'UNKNOWN',
          successStatus: s.registrationSuccess ?? 'UNKNOWN',
          historyLog: withLog ? '' : undefined,
          totalSecondsTracked: s.totalSecondsTracked ?? 0,
          launchTime: iso(l.launchedAt),
          exitTime: iso(l.exitedAt),
          lastRuntimeUpdate: iso(l.updatedAt),
        };
      });
      sendJson(call.res, 200, { launchHistory });
    },
  },
  {
    method: 'POST',
    template: '/registrations/postBackTest',
    scope: 'write:registration',
    async run(call) {
      const body = await readJson(call.req);
      const settings = postbackSettings(body);
      if (!settings.url) throw new V2Error(400, 'url is required.');
      const payload =
        settings.wire === 'json' ? toJson(sampleRegistrationSchema(call.ctx.core.now(), settings.resultsFormat)) : sampleReportXml(settings.resultsFormat);
      // Sent once, outside the queue: "postbacks sent by the test call do not use the work queue".
      const result = await sendPostback(settings, payload, call.ctx.core.options.postbackRetry.timeoutMs);
      if (!result.ok) throw new V2Error(400, `The test postback to [${settings.url}] failed: ${result.error ?? 'unknown error'}.`);
      sendEmpty(call.res, 204);
    },
  },
  {
    method: 'POST',
    template: '/learner/{learnerId}/updateInfo',
    scope: 'write:registration',
    async run(call) {
      const body = await readJson(call.req);
      const { core } = call.ctx;
      // Absent fields stay; an empty string blanks the field ("the value in SCORM Cloud will be set to empty").
      const first = str(body, 'firstName');
      const last = str(body, 'lastName');
      const email = str(body, 'email');
      for (const r of core.registrations(call.caller.app.appId).filter((x) => x.learnerId === call.path.learnerId)) {
        if (first !== undefined) r.firstName = first;
        if (last !== undefined) r.lastName = last;
        if (email !== undefined) r.email = email;
        r.updatedAt = core.now();
      }
      core.store.save();
      sendEmpty(call.res, 204);
    },
  },
  {
    // SCORM Cloud erases in the background and mails the initiator; here the names and e-mail go at once.
    method: 'POST',
    template: '/learner/{learnerId}/delete-information',
    scope: 'admin',
    async run(call) {
      const { core } = call.ctx;
      const initiator = call.url.searchParams.get('userEmail');
      if (!initiator) throw new V2Error(400, 'userEmail is required.');
      const theirs = core.registrations(call.caller.app.appId).filter((x) => x.learnerId === call.path.learnerId);
      if (theirs.length === 0) throw new V2Error(404, `Learner [${call.path.learnerId}] not found.`);
      for (const r of theirs) {
        r.firstName = '';
        r.lastName = '';
        r.email = '';
        r.updatedAt = core.now();
      }
      core.store.save();
      sendEmpty(call.res, 204);
    },
  },
];
