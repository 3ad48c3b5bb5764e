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
  /**
   * The course's activity tree in document order (the organization itself left out), for the table of
   * contents. When present, the player gives each SCO its own runtime through the host's activity calls;
   * when absent, it plays the entry SCO alone over `commit`/`finish`.
   */
  activities?: PlayerActivity[];
  /** The activity to open first: the one the learner was in when the last launch ended (resume), else the entry. */
  startActivityId?: string;
}

/** One node of the table of contents: a SCO or asset when it has an href, a cluster otherwise. */
export interface PlayerActivity {
  id: string;
  title: string;
  /** 0 for the organization's own items. */
  depth: number;
  href?: string;
  /** SCORM 2004 control mode of the parent, when the manifest turns it off: not chosen from the contents. */
  choice?: false;
  /** Not reached or left by flow (previous/next, continue/previous requests). */
  flow?: false;
  /** No flow backwards from it. */
  forwardOnly?: true;
  /** The SCO's state for the contents' mark. */
  status?: ActivityStatus;
  /**
   * SCORM 2004 pre-condition rules that hold now (for this activity or an ancestor): `disabled` refuses any
   * delivery, `hiddenFromChoice` takes it out of the contents and of choice, `skip` makes flow pass over it,
   * `stopForwardTraversal` refuses a choice of anything after it while the learner is at or before it.
   */
  disabled?: true;
  hiddenFromChoice?: true;
  skip?: true;
  stopForwardTraversal?: true;
}

/** How the learner asks for an activity: from the contents or a choice request, by flow, or at the start of a launch. */
export type DeliveryRequest = 'choice' | 'flow' | 'start';

/** One SCO's live state after a commit: its mark and the rules that hold for it now. */
export type ActivityRuleState = Pick<PlayerActivity, 'id' | 'status' | 'disabled' | 'hiddenFromChoice' | 'skip' | 'stopForwardTraversal'>;

/**
 * What the course's rules decide once a SCO ended on its own (SCORM 2004 exit and post-condition rules):
 * `continue` flows on from `lastSco`, `previous` back from `firstSco`, `retry` opens `firstSco` again with
 * its runtime data started afresh, `exitAll` leaves the course. No request: the SCO's own navigation
 * request decides, from `firstSco`/`lastSco` when a rule ended the cluster around it.
 */
export interface AttemptEnd {
  request?: 'continue' | 'previous' | 'retry' | 'exitAll';
  firstSco: string;
  lastSco: string;
  /** Why a retry the rules asked for is not done, for the learner's notice. */
  refused?: string;
}

/** One word per SCO, as a table of contents shows it. */
export type ActivityStatus = 'not attempted' | 'incomplete' | 'completed' | 'passed' | 'failed';

/**
 * Runtime data as the SCO left it at a commit, keyed by CMI element name exactly as the runtime API
 * used it (`cmi.core.lesson_status` for SCORM 1.2, `cmi.completion_status` for 2004, and
 * `cmi.interactions.0.id` style keys for collections).
 */
export type CmiData = Record<string, string>;

export interface PlayerHost {
  /** The launch, or undefined when the ID is unknown or already finished. */
  getLaunch(launchId: string): Promise<PlayerLaunch | undefined>;
  /**
   * A stream of a file inside the package of the launch's course version, or undefined when absent. Paths
   * are package-relative. Keyed by the launch, not the course ID: the host knows the launch's app, and two
   * apps may hold the same course ID with different packages.
   */
  openPackageFile(launchId: string, path: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined>;
  /** Store a commit: the core rolls it up into complete/success/score/total time and queues postbacks. */
  commit(launchId: string, cmi: CmiData): Promise<void>;
  /** The learner left (Terminate/LMSFinish, or the page closed): final save, close the launch record. */
  finish(launchId: string, cmi: CmiData): Promise<void>;
  /**
   * The player opens one activity of the launch: the host counts the attempt, remembers it as the place to
   * resume, and answers that activity's stored runtime data (undefined for an unknown activity).
   */
  openActivity?(launchId: string, activityId: string): Promise<CmiData | undefined>;
  /** A commit of one activity's runtime; `end` when its SCO finished (LMSFinish/Terminate): its session ends. */
  commitActivity?(launchId: string, activityId: string, cmi: CmiData, end: boolean): Promise<ActivityStatus | void>;
  /**
   * Why the activity may not be delivered for this request now (a SCORM 2004 pre-condition rule), or
   * undefined when it may. Without it every activity of the course may be opened.
   */
  activityRefusal?(launchId: string, activityId: string, request: DeliveryRequest): Promise<string | undefined>;
  /**
   * The SCO ended its attempt on its own (not unloaded by the player): what the exit and post-condition
   * rules decide now, undefined when none applies. A retry starts the retried SCOs' data afresh here.
   */
  endAttempt?(launchId: string, activityId: string): Promise<AttemptEnd | undefined>;
  /** Every SCO's mark and rule state now, sent back with each commit so the contents follow the rules. */
  sequencingState?(launchId: string): Promise<ActivityRuleState[] | undefined>;
  /** The learner left a launch played activity by activity: close the launch record (the data is saved already). */
  closeLaunch?(launchId: string): Promise<void>;
}

/** Handles every request under `/_player/`; returns false when the path is not the player's. */
export type PlayerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
