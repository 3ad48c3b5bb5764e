import { XMLParser } from 'fast-xml-parser';
import type { AppCredentials } from './auth';
import type { EmulatorCore } from './core';
import { EmulatorApiError } from './errors';
import { readManifestText } from './manifest';
import { sendPostback } from './postbacks';
import { sampleReportXml } from './report';
import type { Params, ParsedRequest } from './request';
import { first } from './request';
import type { AuthType, RegistrationRecord, ResultsFormat } from './store';
import { cdata, cloudDate, el, textEl } from './xml';
import { ZipPackage } from './zip';

export interface ApiContext {
  core: EmulatorCore;
  app: AppCredentials;
  params: Params;
  file?: ParsedRequest['file'];
  /** Absolute base of the emulator (`http://host:port`), for redirects into the player. */
  baseUrl: string;
}

/** What a method answers: the inside of `<rsp stat="ok">`, a redirect, or a whole body (JSON). */
export type ApiResult = { xml: string } | { redirect: string } | { body: string; contentType: string };

interface MethodSpec {
  required: string[];
  run(ctx: ApiContext): Promise<ApiResult> | ApiResult;
}

const ok = (xml = ''): ApiResult => ({ xml });
const success = (): ApiResult => ok('<success/>');
const p = (ctx: ApiContext, name: string): string | undefined => first(ctx.params, name);
const req = (ctx: ApiContext, name: string): string => p(ctx, name) ?? '';

function invalid(name: string, value: string, expected: string): never {
  throw new EmulatorApiError(205, `The value [${value}] of parameter [${name}] is invalid: expected ${expected}.`);
}

/**
 * Values are compared case-insensitively. `xml` is what Rustici's PHP library sends by default (its
 * `CreateRegistration` has `$resultsformat = 'xml'`, passed on by the WordPress plugin), and the real service
 * takes it: it names the data format, not a detail level, so it means the default detail, `course`.
 * `summary` is the doc-era name of `course` (reports of that era say `format="summary"`).
 */
function resultsFormat(ctx: ApiContext, name = 'resultsformat'): ResultsFormat | undefined {
  const v = p(ctx, name)?.trim();
  if (v === undefined || v === '') return undefined;
  const f = v.toLowerCase();
  if (f === 'course' || f === 'activity' || f === 'full') return f;
  if (f === 'xml' || f === 'summary') return 'course';
  return invalid(name, v, 'course, activity or full');
}

function authType(ctx: ApiContext): AuthType | undefined {
  const v = p(ctx, 'authtype')?.trim();
  if (v === undefined || v === '') return undefined;
  const a = v.toLowerCase();
  if (a === 'form' || a === 'httpbasic') return a;
  return invalid('authtype', v, 'form or httpbasic');
}

/**
 * V1 flags as the service's Java back end reads them (`Boolean.parseBoolean`): never an error, `true` in
 * any case is true. `1` and `yes` count as true as well, since clients built on other languages send them.
 */
function boolParam(ctx: ApiContext, name: string): boolean {
  // Some clients lower-case camelCase names (the Python library's `coursetags`).
  const v = (p(ctx, name) ?? p(ctx, name.toLowerCase()))?.trim().toLowerCase();
  return v === 'true' || v === '1' || v === 'yes';
}

function versionParam(ctx: ApiContext, name: string): number | 'latest' | undefined {
  const v = p(ctx, name);
  if (v === undefined || v === '') return undefined;
  if (v.toLowerCase() === 'latest') return 'latest';
  if (/^-?\d+$/.test(v)) return Number(v) < 0 ? 'latest' : Number(v);
  return invalid(name, v, `a number or "latest"`);
}

/** `filter`/`coursefilter` are regular expressions that must match the whole ID. */
function wholeMatch(ctx: ApiContext, name: string): ((id: string) => boolean) | undefined {
  const v = p(ctx, name);
  if (!v) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${v})$`);
  } catch {
    return invalid(name, v, 'a valid regular expression');
  }
  return (id) => re.test(id);
}

function dateParam(ctx: ApiContext, name: string): number | undefined {
  const v = p(ctx, name);
  if (!v) return undefined;
  // The libraries send ISO 8601 with an offset; `+0000` (no colon) is accepted as well.
  const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? invalid(name, v, 'an ISO 8601 date') : ms;
}

const tags = (value: string | undefined): string[] =>
  value
    ? value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];

function requireFile(ctx: ApiContext): Buffer {
  if (ctx.file) return ctx.file.data;
  if (p(ctx, 'path'))
    throw new EmulatorApiError(
      2,
      `Course zip file not found: the emulator has no upload service, so path [${p(ctx, 'path')}] is unknown; send the zip as a multipart file.`,
    );
  throw new EmulatorApiError(203, 'The request has no course zip file: send it as a multipart/form-data file part (for example filedata or file).');
}

function importResultXml(r: { successful: boolean; title: string; message: string; warnings: string[] }): string {
  return el(
    'importresult',
    { successful: String(r.successful) },
    textEl('title', r.title),
    textEl('message', r.message),
    el('parserwarnings', null, ...r.warnings.map((w) => textEl('warning', w))),
  );
}

function registrationXml(core: EmulatorCore, r: RegistrationRecord): string {
  const course = core.course(r.appId, r.courseId);
  return el(
    'registration',
    { id: r.regId, courseid: r.courseId },
    textEl('appId', r.appId),
    textEl('registrationId', r.regId),
    textEl('courseId', r.courseId),
    textEl('courseTitle', course?.title ?? ''),
    textEl('lastCourseVersionLaunched', r.lastCourseVersionLaunched ?? ''),
    textEl('learnerId', r.learnerId),
    textEl('learnerFirstName', r.firstName),
    textEl('learnerLastName', r.lastName),
    textEl('email', r.email),
    textEl('createDate', cloudDate(r.createdAt)),
    textEl('firstAccessDate', cloudDate(r.firstAccessAt)),
    textEl('lastAccessDate', cloudDate(r.lastAccessAt)),
    textEl('completedDate', cloudDate(r.completedAt)),
    el(
      'instances',
      null,
      ...r.instances.map((i) =>
        el('instance', null, textEl('instanceId', i.instanceId), textEl('courseVersion', i.courseVersion), textEl('updateDate', cloudDate(i.updatedAt))),
      ),
    ),
  );
}

const jsonParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, processEntities: true });

export const METHODS: Record<string, MethodSpec> = {
  'rustici.debug.authPing': { required: [], run: () => ok('<pong/>') },

  'rustici.course.importCourse': {
    required: ['courseid'],
    async run(ctx) {
      const result = await ctx.core.importNow(ctx.app.appId, req(ctx, 'courseid'), requireFile(ctx));
      // A real answer (the npm scormcloud-api-wrapper README's console output) carries status and message
      // beside the importresult, as the async result does once finished.
      return ok(textEl('status', 'finished') + textEl('message', 'Finished') + importResultXml(result));
    },
  },

  'rustici.course.importCourseAsync': {
    required: ['courseid'],
    async run(ctx) {
      const job = await ctx.core.startImport(ctx.app.appId, req(ctx, 'courseid'), requireFile(ctx));
      return ok(el('token', null, textEl('id', job.token)));
    },
  },

  'rustici.course.getAsyncImportResult': {
    required: ['token'],
    async run(ctx) {
      const view = await ctx.core.jobView(req(ctx, 'token'), ctx.app.appId);
      if (!view) throw new EmulatorApiError(1, `The import token [${req(ctx, 'token')}] is unknown or has expired.`);
      // Clients (Python, PHP accessors) read message and progress whatever the status, so a finished or
      // failed job still carries both; the samples' <importresults> and <error> follow them.
      const head = textEl('status', view.status) + textEl('message', view.message) + textEl('progress', view.progress);
      if (view.status === 'finished') return ok(head + el('importresults', null, importResultXml(view.job.result!)));
      if (view.status === 'error') return ok(head + el('error', { code: String(view.job.error!.code) }, cdata(view.job.error!.message)));
      return ok(head);
    },
  },

  'rustici.course.getCourseList': {
    required: [],
    run(ctx) {
      const match = wholeMatch(ctx, 'filter');
      const wanted = tags(p(ctx, 'tags'));
      const list = ctx.core
        .courses(ctx.app.appId)
        .filter((c) => !match || match(c.courseId))
        .filter((c) => wanted.every((t) => c.tags.includes(t)))
        .sort((a, b) => a.createdAt - b.createdAt);
      return ok(el('courselist', null, ...list.map((c) => courseXml(ctx, c.courseId, false))));
    },
  },

  'rustici.course.getCourseDetail': {
    required: ['courseid'],
    run(ctx) {
      if (!ctx.core.course(ctx.app.appId, req(ctx, 'courseid'))) {
        throw new EmulatorApiError(1, `Could not find course [${req(ctx, 'courseid')}] associated with appid [${ctx.app.appId}]`);
      }
      return ok(courseXml(ctx, req(ctx, 'courseid'), true));
    },
  },

  // The manifest itself, not an `<rsp>` (the official libraries save the body as a file); refusals are `<rsp stat="fail">`.
  'rustici.course.getManifest': {
    required: ['courseid'],
    async run(ctx) {
      const courseId = req(ctx, 'courseid');
      const course = ctx.core.course(ctx.app.appId, courseId);
      if (!course) throw new EmulatorApiError(1, `Could not find course [${courseId}] associated with appid [${ctx.app.appId}]`);
      const wanted = versionParam(ctx, 'versionid');
      const version = ctx.core.courseVersion(course, wanted === 'latest' ? undefined : wanted);
      if (!version) throw new EmulatorApiError(1, `Could not find version [${p(ctx, 'versionid')}] of course [${courseId}]`);
      const source = ctx.core.store.coursePackage(ctx.app.appId, courseId, version.version);
      const zip = source && (await ZipPackage.open(source, ctx.core.options.zipLimits));
      let xml: string | undefined;
      try {
        xml = zip ? await readManifestText(zip, ctx.core.options.zipLimits) : undefined;
      } finally {
        zip?.close();
      }
      if (xml === undefined) throw new EmulatorApiError(1, `Course [${courseId}] version [${version.version}] has no imsmanifest.xml`);
      return { body: xml, contentType: 'text/xml; charset=utf-8' };
    },
  },

  'rustici.course.exists': {
    required: ['courseid'],
    run: (ctx) => ok(textEl('result', Boolean(ctx.core.course(ctx.app.appId, req(ctx, 'courseid'))))),
  },

  'rustici.course.deleteCourse': {
    required: ['courseid'],
    async run(ctx) {
      await ctx.core.deleteCourse(ctx.app.appId, req(ctx, 'courseid'), versionParam(ctx, 'versionid'));
      return success();
    },
  },

  'rustici.registration.createRegistration': {
    required: ['courseid', 'regid', 'fname', 'lname', 'learnerid'],
    run(ctx) {
      const format = resultsFormat(ctx);
      const auth = authType(ctx);
      const version = versionParam(ctx, 'versionid');
      if (p(ctx, 'urlname') && !p(ctx, 'urlpass')) throw new EmulatorApiError(3, 'A postback login name (urlname) was given without a password (urlpass).');
      const regId = req(ctx, 'regid');
      if (regId.length > 255) invalid('regid', regId.slice(0, 40) + '...', 'at most 255 characters');
      const course = ctx.core.course(ctx.app.appId, req(ctx, 'courseid'));
      ctx.core.createRegistration(
        {
          appId: ctx.app.appId,
          regId,
          courseId: req(ctx, 'courseid'),
          learnerId: req(ctx, 'learnerid'),
          firstName: req(ctx, 'fname'),
          lastName: req(ctx, 'lname'),
          email: p(ctx, 'email') ?? '',
          postback: {
            url: p(ctx, 'postbackurl') ?? '',
            authType: auth ?? 'form',
            name: p(ctx, 'urlname') ?? '',
            password: p(ctx, 'urlpass') ?? '',
            resultsFormat: format ?? 'course',
          },
          learnerTags: tags(p(ctx, 'learnerTags')),
          courseTags: tags(p(ctx, 'courseTags')),
          registrationTags: tags(p(ctx, 'registrationTags')),
        },
        version === 'latest' || version === undefined ? undefined : version,
      );
      if (course) for (const t of tags(p(ctx, 'courseTags'))) if (!course.tags.includes(t)) course.tags.push(t);
      return success();
    },
  },

  'rustici.registration.exists': {
    required: ['regid'],
    run: (ctx) => ok(textEl('result', Boolean(ctx.core.registration(ctx.app.appId, req(ctx, 'regid'))))),
  },

  'rustici.registration.deleteRegistration': {
    required: ['regid'],
    run(ctx) {
      ctx.core.deleteRegistration(ctx.app.appId, req(ctx, 'regid'), versionParam(ctx, 'instanceid'));
      return success();
    },
  },

  'rustici.registration.resetRegistration': {
    required: ['regid'],
    run(ctx) {
      ctx.core.resetRegistration(ctx.app.appId, req(ctx, 'regid'));
      return success();
    },
  },

  'rustici.registration.getRegistrationList': {
    required: [],
    run(ctx) {
      const filter = wholeMatch(ctx, 'filter');
      const courseFilter = wholeMatch(ctx, 'coursefilter');
      const courseId = p(ctx, 'courseid');
      const learnerId = p(ctx, 'learnerid');
      const after = dateParam(ctx, 'after');
      const until = dateParam(ctx, 'until');
      const list = ctx.core
        .registrations(ctx.app.appId)
        .filter((r) => !filter || filter(r.regId))
        .filter((r) => !courseFilter || courseFilter(r.courseId))
        .filter((r) => !courseId || r.courseId === courseId)
        .filter((r) => !learnerId || r.learnerId === learnerId)
        .filter((r) => after === undefined || r.updatedAt > after)
        .filter((r) => until === undefined || r.updatedAt <= until)
        .sort((a, b) => a.createdAt - b.createdAt);
      return ok(el('registrationlist', null, ...list.map((r) => registrationXml(ctx.core, r))));
    },
  },

  // One <registration> straight under <rsp>, with the children of a list entry (a captured-looking sample).
  'rustici.registration.getRegistrationDetail': {
    required: ['regid'],
    run: (ctx) => ok(registrationXml(ctx.core, ctx.core.requireRegistration(ctx.app.appId, req(ctx, 'regid')))),
  },

  'rustici.registration.getRegistrationResult': {
    required: ['regid'],
    run(ctx) {
      const reg = ctx.core.requireRegistration(ctx.app.appId, req(ctx, 'regid'));
      const instance = versionParam(ctx, 'instanceid');
      const xml = ctx.core.reportXml(reg, resultsFormat(ctx) ?? 'course', instance === 'latest' ? undefined : instance);
      const format = (p(ctx, 'format') ?? '').toLowerCase();
      if (format === 'json') {
        const tree = jsonParser.parse(`<rsp stat="ok">${xml}</rsp>`) as unknown;
        const json = JSON.stringify(tree);
        const callback = p(ctx, 'jsoncallback');
        if (callback && /^[A-Za-z_$][\w$.]*$/.test(callback)) return { body: `${callback}(${json})`, contentType: 'application/javascript; charset=utf-8' };
        return { body: json, contentType: 'application/json; charset=utf-8' };
      }
      return ok(xml);
    },
  },

  'rustici.registration.getLaunchHistory': {
    required: ['regid'],
    run(ctx) {
      const reg = ctx.core.requireRegistration(ctx.app.appId, req(ctx, 'regid'));
      const summary = ctx.core.summary(reg);
      const launches = ctx.core
        .launchesOf(ctx.app.appId, reg.regId)
        .map((l) =>
          el(
            'launch',
            { id: l.launchId },
            textEl('completion', summary.complete),
            textEl('satisfaction', summary.success),
            textEl('measure_status', summary.score === undefined ? 0 : 1),
            textEl('normalized_measure', summary.score === undefined ? 0 : summary.score / 100),
            textEl('experienced_duration_tracked', Math.round(summary.totalSeconds * 100)),
            textEl('launch_time', cloudDate(l.launchedAt)),
            textEl('exit_time', cloudDate(l.exitedAt)),
            textEl('update_dt', cloudDate(l.updatedAt)),
          ),
        );
      return ok(el('launchhistory', { regid: reg.regId }, ...launches));
    },
  },

  'rustici.registration.updateLearnerInfo': {
    required: ['learnerid'],
    run(ctx) {
      const learnerId = req(ctx, 'learnerid');
      const regs = ctx.core.registrations(ctx.app.appId).filter((r) => r.learnerId === learnerId);
      if (regs.length === 0) throw new EmulatorApiError(1, `Could not find learner [${learnerId}] associated with appid [${ctx.app.appId}]`);
      for (const r of regs) {
        if (p(ctx, 'fname') !== undefined) r.firstName = req(ctx, 'fname');
        if (p(ctx, 'lname') !== undefined) r.lastName = req(ctx, 'lname');
        if (p(ctx, 'newid')) r.learnerId = req(ctx, 'newid');
        r.updatedAt = ctx.core.now();
      }
      ctx.core.store.save();
      return success();
    },
  },

  'rustici.registration.updatePostbackInfo': {
    required: ['regid', 'url'],
    run(ctx) {
      const reg = ctx.core.requireRegistration(ctx.app.appId, req(ctx, 'regid'));
      const format = resultsFormat(ctx);
      const auth = authType(ctx);
      if (p(ctx, 'name') && !p(ctx, 'password')) throw new EmulatorApiError(3, 'A postback login name was given without a password.');
      reg.postback = {
        url: req(ctx, 'url'),
        authType: auth ?? reg.postback.authType,
        name: p(ctx, 'name') ?? '',
        password: p(ctx, 'password') ?? '',
        resultsFormat: format ?? reg.postback.resultsFormat,
        wire: reg.postback.wire,
      };
      reg.updatedAt = ctx.core.now();
      ctx.core.store.save();
      return success();
    },
  },

  'rustici.registration.getPostbackInfo': {
    required: ['regid'],
    run(ctx) {
      const reg = ctx.core.requireRegistration(ctx.app.appId, req(ctx, 'regid'));
      const pb = reg.postback;
      return ok(
        el(
          'postbackinfo',
          { regid: reg.regId },
          // The sample's order; resultsformat (absent there) is what the Java library also reads.
          textEl('url', pb.url),
          textEl('authtype', pb.authType),
          textEl('login', pb.name),
          textEl('password', pb.password),
          textEl('resultsformat', pb.resultsFormat),
        ),
      );
    },
  },

  'rustici.registration.testRegistrationPostUrl': {
    required: ['postbackurl'],
    async run(ctx) {
      const format = resultsFormat(ctx) ?? 'course';
      if (p(ctx, 'urlname') && !p(ctx, 'urlpass')) throw new EmulatorApiError(3, 'A postback login name (urlname) was given without a password (urlpass).');
      // Sent once, outside the queue: the real service does not retry test posts either.
      const result = await sendPostback(
        { url: req(ctx, 'postbackurl'), authType: authType(ctx) ?? 'form', name: p(ctx, 'urlname') ?? '', password: p(ctx, 'urlpass') ?? '' },
        sampleReportXml(format),
        ctx.core.options.postbackRetry.timeoutMs,
      );
      if (!result.ok) throw new EmulatorApiError(1, `The test postback to [${req(ctx, 'postbackurl')}] failed: ${result.error ?? 'unknown error'}.`);
      return success();
    },
  },

  // A signed URL the browser opens, like launch: the course in the player with no registration and nothing kept.
  'rustici.course.preview': {
    required: ['courseid'],
    run(ctx) {
      const versionId = p(ctx, 'versionid');
      const version = versionId === undefined || versionId === 'latest' ? undefined : Number(versionId);
      if (version !== undefined && !Number.isInteger(version)) throw new EmulatorApiError(3, `versionid [${versionId}] is not a version number.`);
      const launch = ctx.core.createPreviewLaunch(ctx.app.appId, req(ctx, 'courseid'), p(ctx, 'redirecturl') ?? '', version);
      return { redirect: `${ctx.baseUrl}/_player/${launch.launchId}/` };
    },
  },

  'rustici.registration.launch': {
    required: ['regid'],
    run(ctx) {
      const launch = ctx.core.createLaunch(ctx.app.appId, req(ctx, 'regid'), p(ctx, 'redirecturl') ?? '', { untracked: boolParam(ctx, 'disableTracking') });
      return { redirect: `${ctx.baseUrl}/_player/${launch.launchId}/` };
    },
  },
};

function courseXml(ctx: ApiContext, courseId: string, detail: boolean): string {
  const c = ctx.core.course(ctx.app.appId, courseId)!;
  const latest = c.versions[c.versions.length - 1];
  const registrations = ctx.core.registrations(ctx.app.appId).filter((r) => r.courseId === courseId).length;
  return el(
    'course',
    // Real lists say versions="-1" (every sample and the npm wrapper's live output); the detail counts them.
    { id: c.courseId, title: c.title, versions: detail ? String(c.versions.length) : '-1', registrations: String(registrations), size: String(latest.size) },
    detail
      ? el('versions', null, ...c.versions.map((v) => el('version', null, textEl('versionId', v.version), textEl('updateDate', cloudDate(v.createdAt)))))
      : undefined,
    el('tags', null, ...c.tags.map((t) => textEl('tag', t))),
    textEl('learningStandard', learningStandard(latest.course.standard, latest.course.edition)),
    detail ? textEl('createDate', cloudDate(c.createdAt)) : undefined,
  );
}

/**
 * V1's lower-case vocabulary: `scorm_12` (live output in the npm wrapper's README) and `cmi5` (a captured
 * getCourseDetail); the 2004 editions and AICC follow the same pattern (Rustici Engine's learning standard
 * names, lower-cased), for which no V1 sample exists.
 */
function learningStandard(standard: string, edition: string): string {
  if (standard === 'scorm12') return 'scorm_12';
  if (standard === 'scorm2004') {
    if (edition === '2004 2nd Edition') return 'scorm_2004_2nd_edition';
    if (edition === '2004 4th Edition') return 'scorm_2004_4th_edition';
    return 'scorm_2004_3rd_edition';
  }
  return standard.toLowerCase();
}
