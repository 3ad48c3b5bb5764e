/**
 * The whole stack for integration tests: the SCORM Cloud emulator on a free port and a real Strapi with
 * the plugin configured against it, on a fresh database. Tests talk to both over real HTTP.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/src';
import { CloudClient } from '../../server/src/cloud';
import { bootStrapi, type BootOptions, type TestStrapi } from './strapi';
import { control as emulatorControl } from '../../emulator/tests/helpers';
import { API_VERSION } from './api-version';

export const TEST_APP = { appId: 'STACKAPP', secretKey: 'stack-secret-key-never-in-responses' };

export interface Stack {
  app: TestStrapi;
  emulator: RunningEmulator;
  /** The API version the plugin speaks in this run. */
  apiVersion: typeof API_VERSION;
  /** A V1 client of the same app, for arranging and reading state in the emulator directly (one state serves both versions). */
  cloud: CloudClient;
  /** Makes the next call(s) behind this V1 method name fail, on the API version of this run. */
  fault(v1Method: string, fault: { type: string; count?: number | 'all'; status?: number; delayMs?: number }): Promise<unknown>;
  /** How many calls behind this V1 method name the emulator received, on the API version of this run. */
  calls(v1Method: string): Promise<number>;
  /** JSON controls of the emulator (`/_emulator/...`). */
  control<T = any>(path: string, body?: unknown, method?: string): Promise<T>;
  destroy(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * The emulator's fault key of the Cloud call behind each V1 method name the tests use, so a test can
 * break "the call that creates a registration" on whichever API version the plugin speaks.
 */
const V2_FAULT_KEYS: Record<string, string> = {
  importCourseAsync: 'v2:POST /courses/importJobs/upload',
  getAsyncImportResult: 'v2:GET /courses/importJobs/{importJobId}',
  createRegistration: 'v2:POST /registrations',
  getRegistrationResult: 'v2:GET /registrations/{registrationId}',
  deleteRegistration: 'v2:DELETE /registrations/{registrationId}',
  resetRegistration: 'v2:DELETE /registrations/{registrationId}/progress',
  deleteCourse: 'v2:DELETE /courses/{courseId}',
  launch: 'v2:POST /registrations/{registrationId}/launchLink',
  testRegistrationPostUrl: 'v2:POST /registrations/postBackTest',
  updateLearnerInfo: 'v2:POST /learner/{learnerId}/updateInfo',
  getCourseDetail: 'v2:GET /courses/{courseId}',
  previewCourse: 'v2:POST /courses/{courseId}/preview',
};

export const faultKey = (apiVersion: 'v1' | 'v2', v1Method: string): string => {
  if (apiVersion === 'v1') return v1Method;
  const key = V2_FAULT_KEYS[v1Method];
  if (!key) throw new Error(`no V2 fault key for ${v1Method}: add it to V2_FAULT_KEYS`);
  return key;
};

export interface StackOptions extends BootOptions {
  emulator?: Partial<EmulatorOptions>;
  /** Use this running emulator (and leave it running on destroy) instead of starting one. */
  sharedEmulator?: RunningEmulator;
}

export async function bootStack(options: StackOptions = {}): Promise<Stack> {
  const emulator =
    options.sharedEmulator ??
    (await startEmulator({
      port: 0,
      apps: [TEST_APP],
      importDelayMs: 150,
      postbackRetry: { initialDelayMs: 50, maxDelayMs: 500, jitter: 0.2, timeoutMs: 5000 },
      ...options.emulator,
    }));
  const closeEmulator = () => (options.sharedEmulator ? Promise.resolve() : emulator.close());
  let app: TestStrapi;
  try {
    app = await bootStrapi({
      ...options,
      pluginConfig: { apiVersion: API_VERSION, appId: TEST_APP.appId, secretKey: TEST_APP.secretKey, serviceUrl: emulator.serviceUrl, ...options.pluginConfig },
    });
  } catch (error) {
    await closeEmulator();
    throw error;
  }
  const cloud = new CloudClient({ ...TEST_APP, serviceUrl: emulator.serviceUrl });
  const control = <T>(path: string, body?: unknown, method?: string): Promise<T> => emulatorControl<T>(emulator, path, body, method);
  const apiVersion = (options.pluginConfig?.apiVersion as typeof API_VERSION | undefined) ?? API_VERSION;
  return {
    app,
    apiVersion,
    emulator,
    cloud,
    control,
    calls: async (v1Method) => (await control<{ count: number }>(`calls?method=${encodeURIComponent(faultKey(apiVersion, v1Method))}`)).count,
    fault: (v1Method, fault) => control('faults', { method: faultKey(apiVersion, v1Method), ...fault }),
    async destroy(destroyOptions) {
      await app.destroy(destroyOptions);
      await closeEmulator();
    },
  };
}
