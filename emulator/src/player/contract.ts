/**
 * The seam between the emulator's core (HTTP API, store, postbacks) and its player (the page a signed
 * launch URL redirects into, which serves the package's files and hosts the SCORM runtime objects).
 * The core implements PlayerHost; the player module exports createPlayerHandler(host).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ScormVersion = 'scorm12' | 'scorm2004' | 'aicc' | 'cmi5';

/** One launch of one registration, created by the core when the signed launch URL is opened. */
export interface PlayerLaunch {
  launchId: string;
  registrationId: string;
  courseId: string;
  courseVersion: number;
  courseTitle: string;
  standard: ScormVersion;
  /** Package-relative path of the SCO/AU to open first (from the manifest's default organization). */
  entryHref: string;
  /** Identifier of the item (activity) the entry belongs to. */
  activityId: string;
  learnerId: string;
  learnerName: string;
  /** Where to send the browser on exit: an absolute URL, or `closer` | `blank` | `message`, or empty. */
  redirectUrl: string;
  /** Runtime data saved by earlier launches of this registration instance (for resume), keyed by CMI element. */
  resumeData: Record<string, string>;
}

/**
 * Runtime data as the SCO left it at a commit, keyed by CMI element name exactly as the runtime API
 * used it (`cmi.core.lesson_status` for SCORM 1.2, `cmi.completion_status` for 2004, and
 * `cmi.interactions.0.id` style keys for collections).
 */
export type CmiData = Record<string, string>;

export interface PlayerHost {
  /** The launch, or undefined when the ID is unknown or already finished. */
  getLaunch(launchId: string): Promise<PlayerLaunch | undefined>;
  /** A stream of a file inside the course package, or undefined when absent. Paths are package-relative. */
  openPackageFile(courseId: string, version: number, path: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined>;
  /** Store a commit: the core rolls it up into complete/success/score/total time and queues postbacks. */
  commit(launchId: string, cmi: CmiData): Promise<void>;
  /** The learner left (Terminate/LMSFinish, or the page closed): final save, close the launch record. */
  finish(launchId: string, cmi: CmiData): Promise<void>;
}

/** Handles every request under `/_player/`; returns false when the path is not the player's. */
export type PlayerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
