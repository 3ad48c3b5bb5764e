import { z } from 'zod';

/**
 * The plugin's configuration, as the host app writes it in `config/plugins.(js|ts)` under
 * `'scorm-cloud': { config: { ... } }`. Objects are strict so that a misspelt key stops Strapi with its
 * name instead of being silently ignored.
 */
const originList = z.array(
  z.string().refine((value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as "https://learn.example.com" (scheme, host and port; no path)'),
);

const positiveInt = z.number().int().positive();

export const configSchema = z
  .object({
    /** SCORM Cloud application ID. Empty = not configured: the plugin starts and says so. */
    appId: z.string().trim().default(''),
    secretKey: z.string().trim().default(''),
    /**
     * Which SCORM Cloud API the plugin speaks. V2 works with every account; SCORM Cloud refuses V1 to
     * accounts created since about 2021 (error 300). Switching keeps every course and registration.
     */
    apiVersion: z.enum(['v2', 'v1']).default('v2'),
    /**
     * Where SCORM Cloud is: its base (`https://cloud.scorm.com`) or a full endpoint. V1 calls go to
     * `…/api`, V2 calls to `…/api/v2`, so one value serves both versions (and the emulator).
     */
    serviceUrl: z.url({ protocol: /^https?$/ }).default('https://cloud.scorm.com'),
    /** Free-text caller id sent with every call (`company.app.version` style, lower case). */
    origin: z
      .string()
      .regex(/^[a-z0-9]+(\.[a-z0-9]+)*$/, 'must be lower-case words of letters and digits joined by dots')
      .default('strapi.scormcloud.plugin'),
    requestTimeoutMs: positiveInt.default(30_000),
    /** V2 launch links live this long unused (10–300 s, as SCORM Cloud allows): the learner is redirected at once. */
    launchLinkExpirySeconds: z.number().int().min(10).max(300).default(120),
    retries: z.number().int().min(0).max(10).default(2),
    /**
     * The public base URL of this Strapi, as SCORM Cloud and learners' browsers reach it. Postback and
     * exit URLs are built on it. Defaults to Strapi's own `server.url`.
     */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    postback: z
      .object({
        enabled: z.boolean().default(true),
        authType: z.enum(['form', 'httpbasic']).default('form'),
        resultsFormat: z.enum(['course', 'activity', 'full']).default('course'),
        username: z.string().min(1).default('scorm-cloud'),
        /** Per-registration passwords are an HMAC of the registration ID under this secret. Defaults to one derived from secretKey. */
        secret: z.string().min(32, 'must be at least 32 characters').optional(),
        /** Secrets that still verify postbacks, so that rotating `secret` does not break live registrations. */
        previousSecrets: z.array(z.string().min(32, 'must be at least 32 characters')).default([]),
        maxBytes: positiveInt.default(1024 * 1024),
        inboxRetentionDays: positiveInt.default(30),
      })
      .strict()
      .prefault({}),
    launch: z
      .object({
        /** Origins a frontend may name in `returnTo`; anything else is refused with 400. */
        allowedReturnOrigins: originList.default([]),
        /** Where the exit route sends a learner whose launch named no return address. */
        defaultReturnUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .prefault({}),
    registration: z
      .object({
        /** `launch`: created lazily at the learner's first launch; `assign`: only by an editor or API call. */
        createOn: z.enum(['launch', 'assign']).default('launch'),
        /** Minimum seconds between two refreshes of one registration triggered by the exit route. */
        exitRefreshIntervalSeconds: z.number().int().min(0).default(60),
      })
      .strict()
      .prefault({}),
    upload: z
      .object({
        mode: z.enum(['proxy', 'direct']).default('proxy'),
        maxBytes: positiveInt.default(2 * 1024 ** 3),
        /** Lifted for the upload route only: a 1 GiB package over 10 Mbit/s takes about 15 minutes. */
        requestTimeoutMs: positiveInt.default(2 * 60 * 60 * 1000),
        /** Direct-mode courses whose browser never reports a token fail after this long. */
        directUploadExpiryMinutes: positiveInt.default(60),
      })
      .strict()
      .prefault({}),
    poller: z
      .object({
        enabled: z.boolean().default(true),
        /** Cron rule of the poller (croner syntax; six fields allow seconds). */
        rule: z.string().min(1).default('*/10 * * * * *'),
        batchSize: positiveInt.default(10),
        leaseSeconds: positiveInt.default(60),
        /** Backoff between two polls of one import grows from the first value to the ceiling. */
        initialDelaySeconds: positiveInt.default(2),
        maxDelaySeconds: positiveInt.default(300),
        importTimeoutMinutes: positiveInt.default(120),
        reconcile: z
          .object({
            enabled: z.boolean().default(true),
            /** A launched registration that has not reported this long after its launch is refreshed. */
            delayMinutes: positiveInt.default(15),
            windowHours: positiveInt.default(48),
            concurrency: positiveInt.default(4),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PluginConfigInput = z.input<typeof configSchema>;
export type PluginConfig = z.output<typeof configSchema>;

/** Turns zod issues into one line per key, e.g. `postback.authType: must be one of "form", "httpbasic"`. */
export function describeConfigErrors(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        const prefix = key ? `${key}.` : '';
        return issue.keys.map((k) => `${prefix}${k}: unknown key`).join('; ');
      }
      return `${key || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

export class PluginConfigError extends Error {
  override name = 'PluginConfigError';
}

export function parseConfig(input: unknown): PluginConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) throw new PluginConfigError(`Invalid scorm-cloud plugin config: ${describeConfigErrors(result.error)}`);
  return result.data;
}

/** The plugin can talk to the Cloud only with both credentials. */
export const isConfigured = (config: PluginConfig): boolean => config.appId !== '' && config.secretKey !== '';
