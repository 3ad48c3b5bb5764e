import type { Readable } from 'node:stream';
import type {
  CloudApi,
  CloudCourse,
  CloudCourseActivities,
  CloudCourseVersion,
  CloudLaunch,
  CloudLearner,
  CloudRegistration,
  CloudRegistrationQuery,
  ConnectionInfo,
  DirectUploadAnswer,
  DirectUploadTarget,
  ImportJob,
  ImportPackageOptions,
  LaunchLink,
  LaunchLinkOptions,
  NewRegistration,
} from './api';
import { CloudClient, type CloudClientOptions } from './client';
import { CloudApiError, CloudAuthError, CloudClockSkewError, CloudResponseError, type CloudErrorKind } from './errors';
import { learningStandardOf } from './learning-standard';
import { parseImportToken } from './parse/token';
import type { CourseDetail, PostbackSettings, RegistrationReport, RegistrationSummary, ResultsFormat } from './types';

/** V1 `createRegistration`'s code for "a registration with this ID already exists". */
const V1_REGISTRATION_EXISTS = 2;

const isUnknownThere = (error: CloudApiError): boolean => error.code === 1 && /not (be )?found|could not find|does not exist|no such/i.test(error.cloudMessage);

/** Re-labels a V1 refusal with the kind callers switch on; everything else passes through unchanged. */
function relabel(error: unknown, kind: CloudErrorKind, when: (e: CloudApiError) => boolean): unknown {
  if (!(error instanceof CloudApiError) || error.kind !== 'other' || !when(error)) return error;
  return new CloudApiError(error.code, error.cloudMessage, error.method, { kind, cause: error });
}

/** V1 requires a last name: a learner known by one name (a username) is sent it twice rather than a placeholder. */
const oneName = (learner: { firstName: string; lastName: string }): string => learner.lastName || learner.firstName;

const latestVersion = (detail: CourseDetail): number | undefined => {
  const numbers = detail.versionList.map((v) => Number(v.versionId)).filter((n) => Number.isFinite(n));
  return numbers.length ? Math.max(...numbers) : undefined;
};

/** The course version of the registration's latest instance: a new instance is what moves it to a new version. */
const latestInstanceVersion = (instances: RegistrationSummary['instances']): number | undefined => {
  const latest = instances.reduce<RegistrationSummary['instances'][number] | undefined>((a, b) => (a && a.instanceId >= b.instanceId ? a : b), undefined);
  const text = latest?.courseVersion.trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
};

/**
 * The V1 transport behind the `CloudApi` interface: a thin mapping onto `CloudClient`, which keeps the
 * V1 method names and wire details for callers that want them.
 */
export class CloudV1Api implements CloudApi {
  readonly apiVersion = 'v1' as const;
  readonly client: CloudClient;

  constructor(options: CloudClientOptions | CloudClient) {
    this.client = options instanceof CloudClient ? options : new CloudClient(options);
  }

  async ping(): Promise<ConnectionInfo> {
    await this.client.authPing();
    // Signed calls fail beyond ±15 minutes of clock offset, so the connection check measures it too.
    const { offsetSeconds } = await this.client.getTime();
    return { clockOffsetSeconds: offsetSeconds };
  }

  async importPackage(courseId: string, source: Readable, options: ImportPackageOptions): Promise<{ jobId: string }> {
    // V1 adds a version when the course exists: `newVersion` needs no parameter here.
    const { token } = await this.client.importCourseAsync(courseId, source, {
      filename: options.filename,
      signal: options.signal,
      contentType: options.contentType,
    });
    return { jobId: token };
  }

  async getImportJob(jobId: string, courseId: string): Promise<ImportJob> {
    const result = await this.client.getAsyncImportResult(jobId);
    if (result.status === 'created' || result.status === 'running') {
      return { status: 'running', progress: result.progress, message: result.message, parserWarnings: [] };
    }
    if (result.status === 'error') {
      return { status: 'error', message: result.error?.message || result.message, parserWarnings: [] };
    }
    const first = result.results[0];
    if (!first) return { status: 'error', message: 'SCORM Cloud found no course in the package.', parserWarnings: [] };
    if (!first.successful) return { status: 'error', message: first.message || result.message, parserWarnings: first.parserWarnings };
    return {
      status: 'complete',
      message: first.message || result.message,
      parserWarnings: first.parserWarnings,
      // V1's import answer has no version: the course detail lists them.
      course: { title: first.title, version: await this.latestVersionOf(courseId) },
    };
  }

  /** The version is informative only: a failing detail call must not keep a finished import open. */
  private async latestVersionOf(courseId: string): Promise<number | undefined> {
    try {
      return latestVersion(await this.client.getCourseDetail(courseId));
    } catch {
      return undefined;
    }
  }

  /**
   * `importCourseAsync` signed twice, locally: without a redirect for the page's script post (the Cloud
   * answers it with CORS headers and the token in XML), and with one for the plain form post a browser
   * falls back to when that preflight is refused.
   */
  async directUploadTarget(courseId: string, options: { redirectUrl: string }): Promise<DirectUploadTarget> {
    const script = this.client.importCourseAsyncUrl(courseId);
    const form = this.client.importCourseAsyncUrl(courseId, { redirectUrl: options.redirectUrl });
    return {
      transport: 'xhr',
      url: script.url,
      method: 'POST',
      fileField: 'filedata',
      headers: {},
      expiresAt: script.expiresAt,
      fallback: { transport: 'form', url: form.url, fileField: 'filedata' },
    };
  }

  readDirectUploadAnswer(answer: DirectUploadAnswer): { jobId: string } {
    return { jobId: parseImportToken(answer.body, { method: 'rustici.course.importCourseAsync' }).token };
  }

  async getCourse(courseId: string): Promise<CloudCourse> {
    const detail = await this.client.getCourseDetail(courseId).catch((error: unknown) => {
      throw relabel(error, 'not-found', isUnknownThere);
    });
    return {
      id: detail.id,
      title: detail.title,
      version: latestVersion(detail),
      ...(detail.learningStandard && { learningStandard: learningStandardOf(detail.learningStandard) }),
      registrationCount: detail.registrations,
      createdAt: detail.createDate,
    };
  }

  courseExists(courseId: string): Promise<boolean> {
    return this.client.courseExists(courseId);
  }

  async getCourseVersions(courseId: string): Promise<CloudCourseVersion[]> {
    const detail = await this.client.getCourseDetail(courseId);
    return detail.versionList.map((v) => ({ version: Number(v.versionId), updatedAt: v.updateDate })).filter((v) => Number.isFinite(v.version));
  }

  /**
   * V1's course detail has no activity count, so the manifest is read. A course with none (cmi5, AICC, xAPI)
   * is refused or answered with another document: the Cloud cannot say, which is no failure here. An
   * unreachable Cloud still is.
   */
  async getCourseActivities(courseId: string, version?: number): Promise<CloudCourseActivities | undefined> {
    try {
      return await this.client.getManifest(courseId, { versionId: version });
    } catch (error) {
      const refused = error instanceof CloudApiError && !(error instanceof CloudAuthError) && !(error instanceof CloudClockSkewError);
      if (refused || error instanceof CloudResponseError) return undefined;
      throw error;
    }
  }

  deleteCourse(courseId: string): Promise<void> {
    return this.client.deleteCourse(courseId).catch((error: unknown) => {
      throw relabel(error, 'not-found', isUnknownThere);
    });
  }

  async createRegistration(input: NewRegistration): Promise<void> {
    try {
      await this.client.createRegistration({ ...input, lastName: oneName(input) });
    } catch (error) {
      throw relabel(error, 'already-exists', (e) => e.code === V1_REGISTRATION_EXISTS);
    }
  }

  registrationExists(registrationId: string): Promise<boolean> {
    return this.client.registrationExists(registrationId);
  }

  getRegistrationProgress(registrationId: string, options: { format?: ResultsFormat } = {}): Promise<RegistrationReport> {
    return this.client.getRegistrationResult(registrationId, options).catch((error: unknown) => {
      throw relabel(error, 'not-found', isUnknownThere);
    });
  }

  async listRegistrations(query: CloudRegistrationQuery = {}): Promise<CloudRegistration[]> {
    const all = await this.client.getRegistrationList({ courseId: query.courseId, learnerId: query.learnerId, after: query.since, until: query.until });
    // V1 answers the whole list at once; the limit only keeps the answer the size V2's would be.
    const list = query.limit === undefined ? all : all.slice(0, query.limit);
    return list.map((r) => ({
      id: r.id,
      courseId: r.courseId,
      learnerId: r.learnerId,
      learnerFirstName: r.learnerFirstName,
      learnerLastName: r.learnerLastName,
      email: r.email,
      createdAt: r.createDate,
      instance: r.instances.length ? Math.max(...r.instances.map((i) => i.instanceId)) : undefined,
      courseVersion: latestInstanceVersion(r.instances),
    }));
  }

  deleteRegistration(registrationId: string): Promise<void> {
    return this.client.deleteRegistration(registrationId).catch((error: unknown) => {
      throw relabel(error, 'not-found', (e) => e.code === 1 || isUnknownThere(e));
    });
  }

  resetRegistration(registrationId: string): Promise<void> {
    return this.client.resetRegistration(registrationId);
  }

  async getLaunchHistory(registrationId: string): Promise<CloudLaunch[]> {
    const history = await this.client.getLaunchHistory(registrationId);
    return history.launches.map((l) => ({
      completion: l.completion,
      success: l.satisfaction,
      // V1 measures 0–1; the interface (and V2) say 0–100.
      score: l.normalizedMeasure == null ? null : Math.round(l.normalizedMeasure * 10_000) / 100,
      totalSecondsTracked: l.experiencedDurationTracked,
      launchedAt: l.launchTime,
      exitedAt: l.exitTime,
      updatedAt: l.updateDate,
    }));
  }

  /** Signed here, with no call: the URL is good for the 15-minute signature window. */
  async launchLink(registrationId: string, options: LaunchLinkOptions): Promise<LaunchLink> {
    const signed = this.client.launchUrl(registrationId, { redirectUrl: options.redirectUrl });
    return { url: signed.url, expiresAt: signed.expiresAt };
  }

  async previewLink(courseId: string, options: LaunchLinkOptions & { version?: number }): Promise<LaunchLink> {
    const signed = this.client.previewUrl(courseId, { redirectUrl: options.redirectUrl, version: options.version });
    return { url: signed.url, expiresAt: signed.expiresAt };
  }

  updateLearner(learner: CloudLearner): Promise<void> {
    return this.client.updateLearnerInfo({ learnerId: learner.learnerId, firstName: learner.firstName, lastName: oneName(learner) });
  }

  /** V1 has no call that erases a learner's data. */
  eraseLearnerData(): Promise<boolean> {
    return Promise.resolve(false);
  }

  testPostback(settings: PostbackSettings): Promise<void> {
    return this.client.testRegistrationPostUrl(settings);
  }
}
