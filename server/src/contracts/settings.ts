import type { ApiVersion } from '../cloud/api';
import type { PostbackAuthType, ResultsFormat } from '../cloud/types';

export type { ApiVersion, PostbackAuthType, ResultsFormat };

/** `GET /settings` (server/src/settings/service.ts, describe()). Never the secret key or the postback secret. */
export interface SettingsView {
  configured: boolean;
  /** The SCORM Cloud API the plugin speaks: V2 (REST) or V1 (legacy, refused for accounts created since 2021). */
  apiVersion: ApiVersion;
  appId: string | null;
  serviceUrl: string;
  origin: string;
  publicUrl: string;
  /** `warnings`: an address the real Cloud cannot reach, plain HTTP outside development; each a sentence. */
  postback: { enabled: boolean; url: string; authType: PostbackAuthType; resultsFormat: ResultsFormat; warnings: string[] };
  registration: { createOn: 'launch' | 'assign' };
  launch: { allowedReturnOrigins: string[]; defaultReturnUrl: string | null };
  upload: { mode: 'proxy' | 'direct'; maxBytes: number };
  poller: { enabled: boolean; rule: string };
}

/** `POST /settings/test-connection`. */
export interface ConnectionCheck {
  ok: boolean;
  /** The credentials are accepted (V1 authPing, V2 an authenticated ping). */
  authenticated: boolean;
  /** Server clock minus ours, in seconds; V1's signed URLs fail beyond ±15 minutes. */
  clockOffsetSeconds?: number;
  latencyMs?: number;
  /** When API V1 is refused for the account, `message` says so and names `apiVersion: "v2"`. */
  error?: { name: string; message: string; code?: number };
}

/** `POST /settings/test-postback`: SCORM Cloud asked to send a test postback to this site's postback URL. */
export interface PostbackTestResult {
  /** The postback URL the Cloud was given. */
  url: string;
  authType: PostbackAuthType;
  /** SCORM Cloud said it delivered the test postback. */
  delivered: boolean;
  /** The plugin received it and its credentials were right. */
  arrived: boolean;
  arrivedAt: string | null;
  elapsedMs: number;
  /** What happened, in a sentence. */
  message: string;
}
