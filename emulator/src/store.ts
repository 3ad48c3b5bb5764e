import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { writeFile, rename, unlink, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ParsedCourse } from './manifest';
import type { ActivityState } from './runtime';

export type ResultsFormat = 'course' | 'activity' | 'full';
export type AuthType = 'form' | 'httpbasic';

export interface CourseVersionRecord {
  version: number;
  packageKey: string;
  size: number;
  createdAt: number;
  course: ParsedCourse;
}

export interface CourseRecord {
  appId: string;
  courseId: string;
  title: string;
  tags: string[];
  createdAt: number;
  versions: CourseVersionRecord[];
}

/** `xml`: V1's `<registrationreport>` (V1 registrations, V2 `legacy: true`); `json`: V2's RegistrationSchema. */
export type PostbackWire = 'xml' | 'json';

export interface PostbackSettings {
  url: string;
  authType: AuthType;
  name: string;
  password: string;
  resultsFormat: ResultsFormat;
  /** Absent on V1 registrations and on state written before V2 existed: XML. */
  wire?: PostbackWire;
}

export interface InstanceRecord {
  instanceId: number;
  courseVersion: number;
  createdAt: number;
  updatedAt: number;
  activities: Record<string, ActivityState>;
  /** The activity the player opened last: a relaunch resumes there. */
  currentActivityId?: string;
}

export interface RegistrationRecord {
  appId: string;
  regId: string;
  courseId: string;
  learnerId: string;
  firstName: string;
  lastName: string;
  email: string;
  postback: PostbackSettings;
  learnerTags: string[];
  courseTags: string[];
  registrationTags: string[];
  /** V2: a UUID, given at creation or assigned. */
  xapiRegistrationId?: string;
  createdAt: number;
  updatedAt: number;
  firstAccessAt?: number;
  lastAccessAt?: number;
  completedAt?: number;
  lastCourseVersionLaunched?: number;
  instances: InstanceRecord[];
}

export interface LaunchRecord {
  launchId: string;
  appId: string;
  regId: string;
  instanceId: number;
  courseVersion: number;
  redirectUrl: string;
  launchedAt: number;
  updatedAt: number;
  exitedAt?: number;
  /** `disableTracking=true`: the content runs, nothing it reports is kept. */
  untracked?: boolean;
  /**
   * A course preview (V1 `rustici.course.preview`, V2 `POST /courses/{courseId}/preview`): no registration
   * (`regId` is empty), always untracked.
   */
  preview?: { courseId: string };
}

export type JobStatus = 'created' | 'running' | 'finished' | 'error';

export interface ImportJobRecord {
  token: string;
  appId: string;
  courseId: string;
  packageKey: string;
  size: number;
  createdAt: number;
  /** When the job reports its final state (created + importDelayMs). */
  dueAt: number;
  done: boolean;
  result?: { successful: boolean; title: string; message: string; warnings: string[]; version?: number };
  error?: { code: number; message: string };
  /** Set by the test controls: finish with `successful="false"`. */
  forceUnsuccessful?: boolean;
}

export type PostbackStatus = 'pending' | 'held' | 'delivered' | 'failed';

export interface PostbackRecord {
  id: string;
  seq: number;
  appId: string;
  regId: string;
  url: string;
  authType: AuthType;
  name: string;
  password: string;
  resultsFormat: ResultsFormat;
  wire?: PostbackWire;
  body: string;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
  status: PostbackStatus;
  deliveredAt?: number;
  lastStatus?: number;
  lastError?: string;
  /** How many deliveries the receiver should still get after the first (duplicate mode). */
  extraCopies: number;
  deliveries: number;
}

/** A V2 launch link (`POST /registrations/{id}/launchLink`): opening it starts a launch until it expires. */
export interface LaunchLinkRecord {
  id: string;
  appId: string;
  /** Empty for a preview link. */
  regId: string;
  /** A preview link: the course and version it opens, with no registration. */
  preview?: { courseId: string; version: number };
  redirectUrl: string;
  createdAt: number;
  expiresAt: number;
  /** Launches started from this link, newest last. */
  launchIds: string[];
}

export interface EmulatorState {
  version: 1;
  courses: Record<string, CourseRecord>;
  registrations: Record<string, RegistrationRecord>;
  launches: Record<string, LaunchRecord>;
  launchLinks: Record<string, LaunchLinkRecord>;
  jobs: Record<string, ImportJobRecord>;
  postbacks: PostbackRecord[];
  postbackSeq: number;
}

export const emptyState = (): EmulatorState => ({
  version: 1,
  courses: {},
  registrations: {},
  launches: {},
  launchLinks: {},
  jobs: {},
  postbacks: [],
  postbackSeq: 0,
});

/** Courses and registrations are per application, as in SCORM Cloud. */
export const appKey = (appId: string, id: string): string => `${appId}\u0000${id}`;

/**
 * All state as one JSON document (small: runtime data, not package bytes) written atomically after each
 * change, and package zips as separate files; with no data dir everything stays in memory.
 */
export class Store {
  state: EmulatorState;
  private readonly memoryPackages = new Map<string, Buffer>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private scheduled = false;

  /** `onWriteError`: a state write that failed (a full disk, a removed folder); the state stays in memory. */
  constructor(
    readonly dataDir: string | undefined,
    private readonly onWriteError: (error: Error) => void = () => undefined,
  ) {
    this.state = emptyState();
    if (dataDir) {
      mkdirSync(join(dataDir, 'packages'), { recursive: true });
      const file = join(dataDir, 'state.json');
      if (existsSync(file)) this.state = { ...emptyState(), ...(JSON.parse(readFileSync(file, 'utf8')) as EmulatorState) };
    }
  }

  /** Queue a write of the state; several changes in one tick make one write. */
  save(): void {
    if (!this.dataDir) return;
    this.dirty = true;
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.writing = this.writing.then(() => this.writeNow()).catch((error: Error) => this.onWriteError(error));
    });
  }

  async flush(): Promise<void> {
    if (!this.dataDir) return;
    this.dirty = true;
    this.writing = this.writing.then(() => this.writeNow()).catch((error: Error) => this.onWriteError(error));
    await this.writing;
  }

  private async writeNow(): Promise<void> {
    if (!this.dataDir || !this.dirty) return;
    this.dirty = false;
    const file = join(this.dataDir, 'state.json');
    const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    // rename() replaces the old file in one step, so a crash leaves either the old or the new state.
    await rename(tmp, file);
  }

  /**
   * Stores a package zip under its owner: the app and the course it is imported to. Two apps may import the
   * same course ID; each one's files live under its own key, so a launch of one never reads the other's.
   * The key is `<app>/<course>/<uuid>` (app and course hex-encoded, so any ID is a safe folder name); the
   * course version it becomes is recorded with the key in the course's version record.
   */
  async putPackage(owner: { appId: string; courseId: string }, data: Buffer): Promise<string> {
    const key = `${hex(owner.appId)}/${hex(owner.courseId)}/${randomUUID()}`;
    if (!this.dataDir) {
      this.memoryPackages.set(key, data);
      return key;
    }
    const file = this.packagePath(key)!;
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, file);
    return key;
  }

  /** Where a package lives: a file path (data dir) or its bytes (memory). */
  packageSource(key: string): { path: string } | { buffer: Buffer } | undefined {
    if (!this.dataDir) {
      const buffer = this.memoryPackages.get(key);
      return buffer ? { buffer } : undefined;
    }
    const path = this.packagePath(key);
    return path && existsSync(path) ? { path } : undefined;
  }

  /** The package of one version of one app's course, looked up by all three: never another app's. */
  coursePackage(appId: string, courseId: string, version: number): { path: string } | { buffer: Buffer } | undefined {
    const course = this.state.courses[appKey(appId, courseId)];
    const record = course?.appId === appId && course.courseId === courseId ? course.versions.find((v) => v.version === version) : undefined;
    return record ? this.packageSource(record.packageKey) : undefined;
  }

  async readPackage(key: string): Promise<Buffer | undefined> {
    const src = this.packageSource(key);
    if (!src) return undefined;
    return 'buffer' in src ? src.buffer : readFile(src.path);
  }

  async deletePackage(key: string): Promise<void> {
    this.memoryPackages.delete(key);
    const path = this.packagePath(key);
    if (path) await unlink(path).catch(() => undefined);
  }

  /** Drops everything (test control `reset`). */
  async clear(): Promise<void> {
    const keys = new Set<string>([...this.memoryPackages.keys()]);
    for (const c of Object.values(this.state.courses)) for (const v of c.versions) keys.add(v.packageKey);
    for (const j of Object.values(this.state.jobs)) keys.add(j.packageKey);
    this.state = emptyState();
    for (const k of keys) await this.deletePackage(k);
    await this.flush();
  }

  /**
   * `<app>/<course>/<uuid>` keys live in `packages/<app>/<course>/<uuid>.zip`. A bare `<uuid>` is a key
   * written before packages were stored per app (`packages/<uuid>.zip`): such data dirs stay readable, their
   * course records still say which app each package belongs to.
   */
  private packagePath(key: string): string | undefined {
    if (!this.dataDir) return undefined;
    if (UUID.test(key)) return join(this.dataDir, 'packages', `${key}.zip`);
    const parts = key.split('/');
    if (parts.length === 3 && HEX.test(parts[0]) && HEX.test(parts[1]) && UUID.test(parts[2]))
      return join(this.dataDir, 'packages', parts[0], parts[1], `${parts[2]}.zip`);
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = /^x(?:[0-9a-f]{2})*$/;
/** An ID as a folder name: hex of its UTF-8 bytes (IDs may hold `/`, `..`, or differ only in case). */
const hex = (id: string): string => `x${Buffer.from(id, 'utf8').toString('hex')}`;
