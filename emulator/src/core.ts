import { randomUUID } from 'node:crypto';
import type {
  ActivityRuleState,
  ActivityStatus,
  AttemptEnd,
  CmiData,
  DeliveryRequest,
  PlayerActivity,
  PlayerHost,
  PlayerLaunch,
  ScormVersion,
} from './player/contract';
import { afterAttempt, evaluateSequencing } from './sequencing';
import { EmulatorApiError, PackageError } from './errors';
import { parsePackage, type ActivityNode, type ParsedCourse } from './manifest';
import { ZipPackage, type ZipLimits } from './zip';
import { activityStatus, applyCommit, endSession, newActivityState, rollup, toCmi, type ActivityState, type RuntimeInput } from './runtime';
import { registrationReportXml } from './report';
import { PostbackQueue, type PostbackRetryOptions } from './postbacks';
import { detailFor, registrationSchema, toJson } from './v2/schemas';
import {
  appKey,
  Store,
  type CourseRecord,
  type CourseVersionRecord,
  type ImportJobRecord,
  type JobStatus,
  type InstanceRecord,
  type LaunchRecord,
  type RegistrationRecord,
  type ResultsFormat,
} from './store';

export interface CoreOptions {
  dataDir?: string;
  importDelayMs: number;
  zipLimits: ZipLimits;
  postbackRetry: PostbackRetryOptions;
  now: () => number;
  log: (msg: string) => void;
}

export interface JobView {
  status: JobStatus;
  progress: number;
  message: string;
  job: ImportJobRecord;
}

/** The emulator's state machine: courses, import jobs, registrations, launches, runtime data, postbacks. */
export class EmulatorCore implements PlayerHost {
  readonly store: Store;
  readonly postbacks: PostbackQueue;
  /** Added to the clock by the `clock` fault (seconds → ms). */
  clockOffsetMs = 0;
  /** Set by a test control: the next import finishes with `successful="false"`. */
  nextImportUnsuccessful = false;
  private readonly jobTimers = new Map<string, NodeJS.Timeout>();
  private readonly finalizing = new Map<string, Promise<void>>();
  /** When the player opened each activity of a launch (`launchId\0activityId`), for the time it measured. */
  private readonly activityOpenedAt = new Map<string, number>();

  constructor(readonly options: CoreOptions) {
    this.store = new Store(options.dataDir, (error) => options.log(`could not save the state in ${options.dataDir}: ${error.message}`));
    this.postbacks = new PostbackQueue(this.store, options.postbackRetry, () => this.now(), options.log);
  }

  now(): number {
    return this.options.now() + this.clockOffsetMs;
  }

  start(): void {
    // Jobs that were running when the emulator stopped still complete.
    for (const job of Object.values(this.store.state.jobs)) if (!job.done) this.scheduleJob(job);
    this.postbacks.start();
  }

  async close(): Promise<void> {
    for (const t of this.jobTimers.values()) clearTimeout(t);
    this.jobTimers.clear();
    await Promise.allSettled(this.finalizing.values());
    await this.postbacks.stop();
    await this.store.flush();
  }

  async reset(): Promise<void> {
    for (const t of this.jobTimers.values()) clearTimeout(t);
    this.jobTimers.clear();
    await Promise.allSettled(this.finalizing.values());
    this.clockOffsetMs = 0;
    this.nextImportUnsuccessful = false;
    this.postbacks.mode = { mode: 'normal' };
    await this.store.clear();
  }

  // ---- courses -------------------------------------------------------------------------------

  course(appId: string, courseId: string): CourseRecord | undefined {
    return this.store.state.courses[appKey(appId, courseId)];
  }

  courses(appId: string): CourseRecord[] {
    return Object.values(this.store.state.courses).filter((c) => c.appId === appId);
  }

  courseVersion(course: CourseRecord, version?: number): CourseVersionRecord | undefined {
    if (version === undefined) return course.versions[course.versions.length - 1];
    return course.versions.find((v) => v.version === version);
  }

  private async parseStored(packageKey: string): Promise<ParsedCourse> {
    const source = this.store.packageSource(packageKey);
    if (!source) throw new PackageError('Course zip file not found', 2);
    const zip = await ZipPackage.open(source, this.options.zipLimits);
    try {
      return await parsePackage(zip, this.options.zipLimits);
    } finally {
      zip.close();
    }
  }

  private addVersion(appId: string, courseId: string, packageKey: string, size: number, parsed: ParsedCourse): CourseVersionRecord {
    const key = appKey(appId, courseId);
    const now = this.now();
    let course = this.store.state.courses[key];
    if (!course) {
      course = { appId, courseId, title: parsed.title, tags: [], createdAt: now, versions: [] };
      this.store.state.courses[key] = course;
    }
    const version: CourseVersionRecord = {
      version: course.versions.length ? course.versions[course.versions.length - 1].version + 1 : 0,
      packageKey,
      size,
      createdAt: now,
      course: parsed,
    };
    course.versions.push(version);
    course.title = parsed.title;
    this.store.save();
    return version;
  }

  /** Synchronous importCourse: parse now; a refused package is an `importresult successful="false"`. */
  async importNow(appId: string, courseId: string, data: Buffer): Promise<NonNullable<ImportJobRecord['result']>> {
    const packageKey = await this.store.putPackage({ appId, courseId }, data);
    try {
      const parsed = await this.parseStored(packageKey);
      if (this.nextImportUnsuccessful) {
        this.nextImportUnsuccessful = false;
        await this.store.deletePackage(packageKey);
        return { successful: false, title: parsed.title, message: 'Import failed (forced by the emulator test controls)', warnings: parsed.warnings };
      }
      const v = this.addVersion(appId, courseId, packageKey, data.length, parsed);
      return { successful: true, title: parsed.title, message: 'Import Successful', warnings: parsed.warnings, version: v.version };
    } catch (err) {
      await this.store.deletePackage(packageKey);
      if (err instanceof PackageError) return { successful: false, title: '', message: err.message, warnings: [] };
      throw err;
    }
  }

  async startImport(appId: string, courseId: string, data: Buffer): Promise<ImportJobRecord> {
    const packageKey = await this.store.putPackage({ appId, courseId }, data);
    const now = this.now();
    const job: ImportJobRecord = {
      token: randomUUID().replace(/-/g, ''),
      appId,
      courseId,
      packageKey,
      size: data.length,
      createdAt: now,
      dueAt: now + this.options.importDelayMs,
      done: false,
      forceUnsuccessful: this.nextImportUnsuccessful || undefined,
    };
    this.nextImportUnsuccessful = false;
    this.store.state.jobs[job.token] = job;
    this.store.save();
    this.scheduleJob(job);
    return job;
  }

  private scheduleJob(job: ImportJobRecord): void {
    const wait = Math.max(0, job.dueAt - this.now());
    const timer = setTimeout(() => {
      this.jobTimers.delete(job.token);
      void this.finalizeJob(job);
    }, wait);
    timer.unref?.();
    this.jobTimers.set(job.token, timer);
  }

  private finalizeJob(job: ImportJobRecord): Promise<void> {
    if (job.done) return Promise.resolve();
    const running = this.finalizing.get(job.token);
    if (running) return running;
    const work = (async () => {
      try {
        const parsed = await this.parseStored(job.packageKey);
        if (job.forceUnsuccessful) {
          job.result = { successful: false, title: parsed.title, message: 'Import failed (forced by the emulator test controls)', warnings: parsed.warnings };
          await this.store.deletePackage(job.packageKey);
        } else {
          const v = this.addVersion(job.appId, job.courseId, job.packageKey, job.size, parsed);
          job.result = { successful: true, title: parsed.title, message: 'Import Successful', warnings: parsed.warnings, version: v.version };
        }
      } catch (err) {
        const e = err instanceof PackageError ? err : new PackageError(`Import failed: ${(err as Error).message}`);
        job.error = { code: e.code, message: e.message };
        await this.store.deletePackage(job.packageKey);
      }
      job.done = true;
      this.store.save();
      this.options.log(`import ${job.token} of course [${job.courseId}] ${job.error ? 'failed: ' + job.error.message : 'finished'}`);
    })().finally(() => this.finalizing.delete(job.token));
    this.finalizing.set(job.token, work);
    return work;
  }

  /** The job as getAsyncImportResult shows it: created, then running with progress, then its outcome. */
  async jobView(token: string, appId: string): Promise<JobView | undefined> {
    const job = this.store.state.jobs[token];
    if (!job || job.appId !== appId) return undefined;
    const now = this.now();
    if (!job.done && now >= job.dueAt) await this.finalizeJob(job);
    if (job.done) return { status: job.error ? 'error' : 'finished', progress: 100, message: job.error ? job.error.message : 'Finished', job };
    const span = Math.max(1, job.dueAt - job.createdAt);
    const f = Math.min(0.99, Math.max(0, (now - job.createdAt) / span));
    if (f < 0.15) return { status: 'created', progress: 0, message: 'Import queued', job };
    const message = f < 0.45 ? 'Unpacking Course Files...' : f < 0.75 ? 'Parsing Course Manifest...' : 'Importing Course...';
    return { status: 'running', progress: Math.max(1, Math.floor(f * 100)), message, job };
  }

  async deleteCourse(appId: string, courseId: string, versionId?: number | 'latest'): Promise<void> {
    const key = appKey(appId, courseId);
    const course = this.store.state.courses[key];
    if (!course) throw new EmulatorApiError(1, `Could not find course [${courseId}] associated with appid [${appId}]`);
    if (versionId !== undefined && course.versions.length > 1) {
      const v = versionId === 'latest' ? course.versions[course.versions.length - 1] : course.versions.find((x) => x.version === versionId);
      if (!v) throw new EmulatorApiError(1, `Could not find course [${courseId}], versionid [${versionId}] associated with appid [${appId}]`);
      course.versions = course.versions.filter((x) => x !== v);
      course.title = course.versions[course.versions.length - 1].course.title;
      await this.store.deletePackage(v.packageKey);
    } else {
      if (versionId !== undefined && versionId !== 'latest' && !course.versions.some((x) => x.version === versionId)) {
        throw new EmulatorApiError(1, `Could not find course [${courseId}], versionid [${versionId}] associated with appid [${appId}]`);
      }
      delete this.store.state.courses[key];
      for (const v of course.versions) await this.store.deletePackage(v.packageKey);
      // Registrations of a deleted course go with it, as in SCORM Cloud.
      for (const [k, r] of Object.entries(this.store.state.registrations))
        if (r.appId === appId && r.courseId === courseId) delete this.store.state.registrations[k];
    }
    this.store.save();
  }

  // ---- registrations -------------------------------------------------------------------------

  registration(appId: string, regId: string): RegistrationRecord | undefined {
    return this.store.state.registrations[appKey(appId, regId)];
  }

  requireRegistration(appId: string, regId: string, code = 1): RegistrationRecord {
    const reg = this.registration(appId, regId);
    if (!reg) throw new EmulatorApiError(code, `Could not find registration [${regId}] associated with appid [${appId}]`);
    return reg;
  }

  registrations(appId: string): RegistrationRecord[] {
    return Object.values(this.store.state.registrations).filter((r) => r.appId === appId);
  }

  createRegistration(reg: Omit<RegistrationRecord, 'instances' | 'createdAt' | 'updatedAt'>, versionId?: number): RegistrationRecord {
    const course = this.course(reg.appId, reg.courseId);
    if (!course) throw new EmulatorApiError(1, `Could not find course [${reg.courseId}] associated with appid [${reg.appId}]`);
    const version = this.courseVersion(course, versionId);
    if (!version) {
      throw new EmulatorApiError(1, `Could not find course [${reg.courseId}], versionid [${versionId}] associated with appid [${reg.appId}]`);
    }
    if (this.registration(reg.appId, reg.regId)) throw new EmulatorApiError(2, `A registration with regid [${reg.regId}] already exists.`);
    const now = this.now();
    const record: RegistrationRecord = {
      ...reg,
      createdAt: now,
      updatedAt: now,
      instances: [{ instanceId: 0, courseVersion: version.version, createdAt: now, updatedAt: now, activities: {} }],
    };
    this.store.state.registrations[appKey(reg.appId, reg.regId)] = record;
    this.store.save();
    return record;
  }

  deleteRegistration(appId: string, regId: string, instanceId?: number | 'latest'): void {
    const reg = this.requireRegistration(appId, regId);
    if (instanceId !== undefined && reg.instances.length > 1) {
      const target = instanceId === 'latest' ? reg.instances[reg.instances.length - 1] : reg.instances.find((i) => i.instanceId === instanceId);
      if (!target) throw new EmulatorApiError(1, `Could not find instance [${instanceId}] of registration [${regId}] associated with appid [${appId}]`);
      reg.instances = reg.instances.filter((i) => i !== target);
    } else {
      delete this.store.state.registrations[appKey(appId, regId)];
      for (const [id, l] of Object.entries(this.store.state.launches)) if (l.appId === appId && l.regId === regId) delete this.store.state.launches[id];
      for (const [id, l] of Object.entries(this.store.state.launchLinks)) if (l.appId === appId && l.regId === regId) delete this.store.state.launchLinks[id];
    }
    this.store.save();
  }

  /** Progress starts over in a new instance (the old one stays readable by `instanceid`). */
  resetRegistration(appId: string, regId: string): RegistrationRecord {
    const reg = this.requireRegistration(appId, regId);
    const last = reg.instances[reg.instances.length - 1];
    const now = this.now();
    reg.instances.push({ instanceId: last.instanceId + 1, courseVersion: last.courseVersion, createdAt: now, updatedAt: now, activities: {} });
    reg.completedAt = undefined;
    reg.updatedAt = now;
    this.store.save();
    this.queuePostback(reg, true);
    return reg;
  }

  /**
   * V2's DeleteRegistrationProgress: the latest instance starts over on the course's latest version, and its
   * launch history goes (V1's reset keeps the old instance instead).
   */
  resetProgress(appId: string, regId: string): RegistrationRecord {
    const reg = this.requireRegistration(appId, regId);
    const inst = reg.instances[reg.instances.length - 1];
    const course = this.course(appId, reg.courseId);
    const now = this.now();
    inst.activities = {};
    inst.courseVersion = (course && this.courseVersion(course)?.version) ?? inst.courseVersion;
    inst.updatedAt = now;
    reg.completedAt = undefined;
    reg.firstAccessAt = undefined;
    reg.lastAccessAt = undefined;
    reg.updatedAt = now;
    for (const [id, l] of Object.entries(this.store.state.launches))
      if (l.appId === appId && l.regId === regId && l.instanceId === inst.instanceId) delete this.store.state.launches[id];
    this.store.save();
    this.queuePostback(reg, true);
    return reg;
  }

  /** A new, empty instance on the course's latest version (V2 `POST /registrations/{id}/instances`). */
  newInstance(appId: string, regId: string): InstanceRecord {
    const reg = this.requireRegistration(appId, regId);
    const last = reg.instances[reg.instances.length - 1];
    const course = this.course(appId, reg.courseId);
    const now = this.now();
    const inst: InstanceRecord = {
      instanceId: last.instanceId + 1,
      courseVersion: (course && this.courseVersion(course)?.version) ?? last.courseVersion,
      createdAt: now,
      updatedAt: now,
      activities: {},
    };
    reg.instances.push(inst);
    reg.completedAt = undefined;
    reg.updatedAt = now;
    this.store.save();
    return inst;
  }

  instance(reg: RegistrationRecord, instanceId?: number): InstanceRecord | undefined {
    return instanceId === undefined ? reg.instances[reg.instances.length - 1] : reg.instances.find((i) => i.instanceId === instanceId);
  }

  private parsedFor(reg: RegistrationRecord, inst: InstanceRecord): ParsedCourse | undefined {
    const course = this.course(reg.appId, reg.courseId);
    if (!course) return undefined;
    return (this.courseVersion(course, inst.courseVersion) ?? this.courseVersion(course))?.course;
  }

  reportXml(reg: RegistrationRecord, format: ResultsFormat, instanceId?: number): string {
    const inst = this.instance(reg, instanceId);
    if (!inst) throw new EmulatorApiError(1, `Could not find instance [${instanceId}] of registration [${reg.regId}] associated with appid [${reg.appId}]`);
    const parsed = this.parsedFor(reg, inst);
    const root = parsed?.root ?? { id: reg.courseId, title: reg.courseId, children: [] };
    return registrationReportXml(
      {
        regId: reg.regId,
        instanceId: inst.instanceId,
        standard: parsed?.standard ?? 'scorm12',
        root,
        activities: inst.activities,
        learner: { id: reg.learnerId, name: `${reg.lastName}, ${reg.firstName}` },
      },
      format,
    );
  }

  summary(reg: RegistrationRecord) {
    const inst = this.instance(reg)!;
    const parsed = this.parsedFor(reg, inst);
    return rollup(parsed?.standard ?? 'scorm12', parsed?.root ?? { id: reg.courseId, title: reg.courseId, children: [] }, inst.activities);
  }

  private lastQueued = new Map<string, string>();

  /** A postback when the report changed (or always, for resets and test controls). */
  queuePostback(reg: RegistrationRecord, force = false): void {
    if (!reg.postback.url) return;
    const json = reg.postback.wire === 'json';
    const body = json ? toJson(registrationSchema(this, reg, detailFor(reg.postback.resultsFormat))) : this.reportXml(reg, reg.postback.resultsFormat);
    // The JSON carries `updated`, which moves on every commit; what SCORM Cloud reacts to is the Big Four.
    const change = json ? this.reportXml(reg, 'course') : body;
    const key = appKey(reg.appId, reg.regId);
    if (!force && this.lastQueued.get(key) === change) return;
    this.lastQueued.set(key, change);
    this.postbacks.enqueue(reg.appId, reg.regId, reg.postback, body);
  }

  /** The test controls' stand-in for a browser session: one whole session with the given results. */
  setRuntime(appId: string, regId: string, input: RuntimeInput & { activityId?: string }): RegistrationRecord {
    const reg = this.requireRegistration(appId, regId);
    const inst = this.instance(reg)!;
    const parsed = this.parsedFor(reg, inst);
    const standard = parsed?.standard ?? 'scorm12';
    const activityId = input.activityId ?? parsed?.entryActivityId ?? reg.courseId;
    const state = (inst.activities[activityId] ??= newActivityState());
    if (state.attempts === 0) state.attempts = 1;
    applyCommit(state, standard, toCmi(standard, input));
    // No browser measured this session: it lasted as long as the content says.
    state.trackedSeconds = (state.trackedSeconds ?? state.priorSeconds) + state.sessionSeconds;
    endSession(state, standard);
    this.touch(reg, inst, inst.courseVersion);
    this.store.save();
    this.queuePostback(reg, true);
    return reg;
  }

  private touch(reg: RegistrationRecord, inst: InstanceRecord, version: number): void {
    const now = this.now();
    reg.firstAccessAt ??= now;
    reg.lastAccessAt = now;
    reg.updatedAt = now;
    reg.lastCourseVersionLaunched = version;
    inst.updatedAt = now;
    if (!reg.completedAt && this.summary(reg).complete === 'complete') reg.completedAt = now;
  }

  // ---- launches and the player ---------------------------------------------------------------

  createLaunch(appId: string, regId: string, redirectUrl: string, options: { untracked?: boolean } = {}): LaunchRecord {
    const reg = this.requireRegistration(appId, regId);
    const inst = this.instance(reg)!;
    const course = this.course(appId, reg.courseId);
    const version = course && (this.courseVersion(course, inst.courseVersion) ?? this.courseVersion(course));
    if (!course || !version) throw new EmulatorApiError(1, `Could not find course [${reg.courseId}] associated with appid [${appId}]`);
    const now = this.now();
    const launch: LaunchRecord = {
      launchId: randomUUID().replace(/-/g, '').slice(0, 16),
      appId,
      regId,
      instanceId: inst.instanceId,
      courseVersion: version.version,
      redirectUrl,
      launchedAt: now,
      updatedAt: now,
      ...(options.untracked ? { untracked: true } : {}),
    };
    this.store.state.launches[launch.launchId] = launch;
    if (launch.untracked) {
      this.store.save();
      return launch;
    }
    const state = (inst.activities[version.course.entryActivityId] ??= newActivityState());
    if (state.attempts === 0) state.attempts = 1;
    this.touch(reg, inst, version.version);
    this.store.save();
    return launch;
  }

  /**
   * A preview: the course played as a learner would see it, with no registration and nothing kept, as SCORM
   * Cloud's preview links are. `version` defaults to the latest.
   */
  createPreviewLaunch(appId: string, courseId: string, redirectUrl: string, version?: number): LaunchRecord {
    const course = this.course(appId, courseId);
    if (!course) throw new EmulatorApiError(1, `Could not find course [${courseId}] associated with appid [${appId}]`);
    const played = this.courseVersion(course, version);
    if (!played) throw new EmulatorApiError(1, `Course [${courseId}] has no version [${String(version)}]`);
    const now = this.now();
    const launch: LaunchRecord = {
      launchId: randomUUID().replace(/-/g, '').slice(0, 16),
      appId,
      regId: '',
      instanceId: 0,
      courseVersion: played.version,
      redirectUrl,
      launchedAt: now,
      updatedAt: now,
      untracked: true,
      preview: { courseId },
    };
    this.store.state.launches[launch.launchId] = launch;
    this.store.save();
    return launch;
  }

  launchesOf(appId: string, regId: string): LaunchRecord[] {
    return Object.values(this.store.state.launches)
      .filter((l) => l.appId === appId && l.regId === regId)
      .sort((a, b) => a.launchedAt - b.launchedAt);
  }

  private launchContext(launchId: string) {
    const launch = this.store.state.launches[launchId];
    if (!launch) return undefined;
    if (launch.preview) return this.previewContext(launch, launch.preview.courseId);
    const reg = this.registration(launch.appId, launch.regId);
    const inst = reg && reg.instances.find((i) => i.instanceId === launch.instanceId);
    const course = reg && this.course(launch.appId, reg.courseId);
    const version = course && this.courseVersion(course, launch.courseVersion);
    if (!reg || !inst || !course || !version) return undefined;
    return { launch, reg, inst, course, version };
  }

  /**
   * A preview plays against a registration that exists only for the request: a fresh instance every time,
   * because nothing of a preview is kept (the player's sequencing sees an untouched course).
   */
  private previewContext(launch: LaunchRecord, courseId: string) {
    const course = this.course(launch.appId, courseId);
    const version = course && this.courseVersion(course, launch.courseVersion);
    if (!course || !version) return undefined;
    const inst: InstanceRecord = { instanceId: 0, courseVersion: version.version, createdAt: launch.launchedAt, updatedAt: launch.launchedAt, activities: {} };
    const reg: RegistrationRecord = {
      appId: launch.appId,
      regId: '',
      courseId,
      learnerId: 'preview',
      firstName: 'Preview',
      lastName: 'Learner',
      email: '',
      postback: { url: '', authType: 'form', name: '', password: '', resultsFormat: 'course' },
      learnerTags: [],
      courseTags: [],
      registrationTags: [],
      createdAt: launch.launchedAt,
      updatedAt: launch.launchedAt,
      instances: [inst],
    };
    return { launch, reg, inst, course, version };
  }

  async getLaunch(launchId: string): Promise<PlayerLaunch | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx || ctx.launch.exitedAt !== undefined) return undefined;
    const { launch, reg, course, version, inst } = ctx;
    const parsed = version.course;
    const resumeData = withoutSessionTime(inst.activities[parsed.entryActivityId]?.cmi ?? {});
    const activities = this.activitiesNow(parsed, inst);
    const current = inst.currentActivityId;
    // A first launch starts where flow from the start lands: the entry, or the first SCO after it that no
    // rule skips or disables.
    const scos = activities.filter((a) => a.href);
    const entryAt = Math.max(
      0,
      scos.findIndex((a) => a.id === parsed.entryActivityId),
    );
    const startable = scos.slice(entryAt).find((a) => !a.skip && !a.disabled)?.id ?? parsed.entryActivityId;
    const startActivityId = current && scos.some((a) => a.id === current) ? current : startable;
    return {
      launchId,
      registrationId: reg.regId,
      courseId: course.courseId,
      courseVersion: version.version,
      courseTitle: parsed.title,
      standard: parsed.standard,
      entryHref: parsed.entryHref,
      activityId: parsed.entryActivityId,
      learnerId: reg.learnerId,
      learnerName: `${reg.lastName}, ${reg.firstName}`,
      redirectUrl: launch.redirectUrl,
      resumeData,
      activities,
      startActivityId,
    };
  }

  /** A file of the launch's package: the launch's app, course and version name it, so no other app's files. */
  async openPackageFile(launchId: string, path: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx) return undefined;
    const source = this.store.coursePackage(ctx.launch.appId, ctx.course.courseId, ctx.version.version);
    if (!source) return undefined;
    const zip = await ZipPackage.open(source, this.options.zipLimits);
    const opened = await zip.openStream(path.replace(/^\/+/, ''));
    if (!opened) {
      zip.close();
      return undefined;
    }
    const close = () => zip.close();
    opened.stream.once('end', close);
    opened.stream.once('error', close);
    opened.stream.once('close', close);
    return opened;
  }

  async commit(launchId: string, cmi: CmiData): Promise<void> {
    this.record(launchId, undefined, cmi, false, false);
  }

  async finish(launchId: string, cmi: CmiData): Promise<void> {
    this.record(launchId, undefined, cmi, true, true);
  }

  /** The contents: every activity with its mark and the sequencing rules that hold for it now. */
  private activitiesNow(parsed: ParsedCourse, inst: InstanceRecord): PlayerActivity[] {
    const { outcomes } = evaluateSequencing(parsed.standard, parsed.root, inst.activities);
    return tableOfContents(parsed.root).map((a) => {
      if (!a.href) return a;
      const rule = outcomes.get(a.id);
      return {
        ...a,
        status: statusWord(parsed.standard, inst.activities[a.id]),
        ...(rule?.disabled ? { disabled: true as const } : {}),
        ...(rule?.hiddenFromChoice ? { hiddenFromChoice: true as const } : {}),
        ...(rule?.skip ? { skip: true as const } : {}),
        ...(rule?.stopForwardTraversal ? { stopForwardTraversal: true as const } : {}),
      };
    });
  }

  async activityRefusal(launchId: string, activityId: string, request: DeliveryRequest): Promise<string | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx) return undefined;
    const parsed = ctx.version.course;
    const { outcomes } = evaluateSequencing(parsed.standard, parsed.root, ctx.inst.activities);
    const scos = tableOfContents(parsed.root).filter((a) => a.href);
    const name = scos.find((a) => a.id === activityId)?.title ?? activityId;
    if (request === 'choice') {
      // A choice forward passes every SCO from the learner's one up to the target (SN's choice activity
      // traversal): one whose stopForwardTraversal rule holds stops it.
      const from = scos.findIndex((a) => a.id === ctx.inst.currentActivityId);
      const to = scos.findIndex((a) => a.id === activityId);
      const stop = from >= 0 && to > from ? scos.slice(from, to).find((a) => outcomes.get(a.id)?.stopForwardTraversal) : undefined;
      if (stop) return `${name} cannot be chosen yet: the course's sequencing rules stop the learner going forward past ${stop.title}.`;
    }
    const rule = outcomes.get(activityId);
    if (!rule) return undefined;
    const by = rule.by && rule.by !== name ? ` (a rule of ${rule.by})` : '';
    if (rule.disabled) return `${name} is disabled by the course's sequencing rules${by}: complete what comes before it first.`;
    if (request === 'choice' && rule.hiddenFromChoice) return `${name} cannot be chosen: the course's sequencing rules hide it from choice${by}.`;
    return undefined;
  }

  async endAttempt(launchId: string, activityId: string): Promise<AttemptEnd | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx || ctx.launch.exitedAt !== undefined) return undefined;
    const { launch, reg, inst, version } = ctx;
    const parsed = version.course;
    if (!launchableIds(parsed.root).has(activityId)) return undefined;
    const after = afterAttempt(parsed.standard, parsed.root, inst.activities, activityId);
    if (!after) return undefined;
    if (after.retried && !launch.untracked) {
      // A new attempt on each retried SCO: fresh runtime data, its time across attempts kept.
      for (const id of after.retried) {
        const old = inst.activities[id];
        inst.activities[id] = {
          ...newActivityState(),
          attempts: (old?.attempts ?? 0) + 1,
          priorSeconds: old?.priorSeconds ?? 0,
          trackedSeconds: old?.trackedSeconds,
        };
      }
      this.touch(reg, inst, version.version);
      this.store.save();
      this.queuePostback(reg);
    }
    return {
      ...(after.request ? { request: after.request } : {}),
      firstSco: after.firstSco,
      lastSco: after.lastSco,
      ...(after.refused ? { refused: after.refused } : {}),
    };
  }

  async sequencingState(launchId: string): Promise<ActivityRuleState[] | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx) return undefined;
    return this.activitiesNow(ctx.version.course, ctx.inst)
      .filter((a) => a.href)
      .map((a) => ({
        id: a.id,
        status: a.status,
        ...(a.disabled ? { disabled: true } : {}),
        ...(a.hiddenFromChoice ? { hiddenFromChoice: true } : {}),
        ...(a.skip ? { skip: true } : {}),
        ...(a.stopForwardTraversal ? { stopForwardTraversal: true } : {}),
      }));
  }

  async openActivity(launchId: string, activityId: string): Promise<CmiData | undefined> {
    const ctx = this.launchContext(launchId);
    if (!ctx || ctx.launch.exitedAt !== undefined) return undefined;
    const { launch, reg, inst, version } = ctx;
    if (!launchableIds(version.course.root).has(activityId)) return undefined;
    this.activityOpenedAt.set(`${launchId}\u0000${activityId}`, this.now());
    if (launch.untracked) return {};
    const state = (inst.activities[activityId] ??= newActivityState());
    if (state.attempts === 0) state.attempts = 1;
    inst.currentActivityId = activityId;
    this.touch(reg, inst, version.version);
    this.store.save();
    return withoutSessionTime(state.cmi);
  }

  async commitActivity(launchId: string, activityId: string, cmi: CmiData, end: boolean): Promise<ActivityStatus | void> {
    const ctx = this.launchContext(launchId);
    if (!ctx || !launchableIds(ctx.version.course.root).has(activityId)) return;
    this.record(launchId, activityId, cmi, end, false);
    return statusWord(ctx.version.course.standard, ctx.inst.activities[activityId]);
  }

  async closeLaunch(launchId: string): Promise<void> {
    const ctx = this.launchContext(launchId);
    if (!ctx || ctx.launch.exitedAt !== undefined) return;
    ctx.launch.exitedAt = this.now();
    ctx.launch.updatedAt = ctx.launch.exitedAt;
    for (const key of this.activityOpenedAt.keys()) if (key.startsWith(`${launchId}\u0000`)) this.activityOpenedAt.delete(key);
    this.store.save();
  }

  /**
   * One commit of the content: to the given activity (the player's per-SCO runtime) or, without one, to the
   * entry activity (a launch played as one SCO). `endSession` when the SCO finished, `closeLaunch` when
   * the launch ends with it.
   */
  private record(launchId: string, activityId: string | undefined, cmi: CmiData, endsSession: boolean, closesLaunch: boolean): void {
    const ctx = this.launchContext(launchId);
    // A commit after the launch closed (a late beacon from an unloading page) changes nothing.
    if (!ctx || ctx.launch.exitedAt !== undefined) return;
    const { launch, reg, inst, version } = ctx;
    if (launch.untracked) {
      if (closesLaunch) launch.exitedAt = this.now();
      this.store.save();
      return;
    }
    const parsed = version.course;
    const id = activityId ?? parsed.entryActivityId;
    const state = (inst.activities[id] ??= newActivityState());
    if (state.attempts === 0) state.attempts = 1;
    applyCommit(state, parsed.standard, cmi);
    const now = this.now();
    if (endsSession) {
      endSession(state, parsed.standard);
      const openedKey = `${launchId}\u0000${id}`;
      const since = this.activityOpenedAt.get(openedKey) ?? launch.launchedAt;
      this.activityOpenedAt.delete(openedKey);
      state.trackedSeconds = (state.trackedSeconds ?? 0) + Math.max(0, now - since) / 1000;
    }
    if (closesLaunch) launch.exitedAt = now;
    launch.updatedAt = now;
    this.touch(reg, inst, version.version);
    this.store.save();
    this.queuePostback(reg);
  }
}

function statusWord(standard: ScormVersion, state: ActivityState | undefined): ActivityStatus {
  if (!state || state.attempts === 0) return 'not attempted';
  const { complete, success } = activityStatus(standard, state);
  if (success !== 'unknown') return success;
  return complete === 'complete' ? 'completed' : 'incomplete';
}

function withoutSessionTime(cmi: CmiData): CmiData {
  const out = { ...cmi };
  delete out['cmi.core.session_time'];
  delete out['cmi.session_time'];
  return out;
}

/** The organization's items in document order with their depth, for the player's table of contents. */
function tableOfContents(root: ActivityNode): PlayerActivity[] {
  const out: PlayerActivity[] = [];
  // The parent's control mode governs moving among its children (SCORM 2004 SN); only what the manifest
  // turns off is passed on.
  const walk = (node: ActivityNode, depth: number, parent: ActivityNode) => {
    const mode = parent.controlMode ?? {};
    out.push({
      id: node.id,
      title: node.title,
      depth,
      ...(node.href ? { href: node.href } : {}),
      ...(mode.choice === false ? { choice: false as const } : {}),
      ...(mode.flow === false ? { flow: false as const } : {}),
      ...(mode.forwardOnly === true ? { forwardOnly: true as const } : {}),
    });
    node.children.forEach((c) => walk(c, depth + 1, node));
  };
  root.children.forEach((c) => walk(c, 0, root));
  // A resource-only or single-item root still launches.
  if (out.length === 0 && root.href) out.push({ id: root.id, title: root.title, depth: 0, href: root.href });
  return out;
}

function launchableIds(root: ActivityNode): Set<string> {
  return new Set(
    tableOfContents(root)
      .filter((a) => a.href)
      .map((a) => a.id),
  );
}
