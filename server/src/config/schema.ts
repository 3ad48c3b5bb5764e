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

/**
 * What the README's configuration table says of a key (generated from this schema, checked by a test):
 * `description`, and `shownDefault` where the default is not a literal value.
 */
const doc = (description: string, shownDefault?: string) => ({ description, ...(shownDefault && { shownDefault }) });

export const configSchema = z
  .object({
    appId: z.string().trim().default('').meta(doc('SCORM Cloud application ID. Empty: the plugin starts and says it is not configured.', '(none)')),
    secretKey: z.string().trim().default('').meta(doc('Secret key of that application. It never appears in responses, logs or the admin bundle.', '(none)')),
    apiVersion: z
      .enum(['v2', 'v1'])
      .default('v2')
      .meta(
        doc(
          '`v2` (REST and JSON, every account) or `v1` (signed XML; SCORM Cloud refuses it to accounts created since about 2021, error 300). Switching keeps every course and registration; see [Which API version](#which-api-version).',
        ),
      ),
    serviceUrl: z
      .url({ protocol: /^https?$/ })
      .default('https://cloud.scorm.com')
      .meta(
        doc(
          'Where SCORM Cloud is: its base URL or a full endpoint (`…/api`, `…/api/v2`). V1 calls go to `<base>/api`, V2 calls to `<base>/api/v2`, so one value serves both versions. Point it at the emulator in development; in production a loopback or `http://` value is warned about at startup.',
        ),
      ),
    origin: z
      .string()
      .regex(/^[a-z0-9]+(\.[a-z0-9]+)*$/, 'must be lower-case words of letters and digits joined by dots')
      .default('strapi.scormcloud.plugin')
      .meta(doc('V1: caller id sent with every call (lower-case words joined by dots).')),
    requestTimeoutMs: positiveInt.default(30_000).meta(doc('Timeout of each call to SCORM Cloud.')),
    launchLinkExpirySeconds: z
      .number()
      .int()
      .min(10)
      .max(300)
      .default(120)
      .meta(doc('V2: how long a launch link lives unused, as SCORM Cloud allows. Links are minted at the click and the learner is redirected at once.')),
    retries: z.number().int().min(0).max(10).default(2).meta(doc('Retries (jittered backoff) of calls that change nothing, and of 429 answers.')),
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta(
        doc(
          'The public base URL of this Strapi, as SCORM Cloud and browsers reach it: postback, exit and direct-upload URLs are built on it.',
          "Strapi's `server.url`",
        ),
      ),
    postback: z
      .object({
        enabled: z.boolean().default(true).meta(doc('Registrations are created with a postback URL, so results arrive when the learner exits.')),
        authType: z
          .enum(['form', 'httpbasic'])
          .default('form')
          .meta(
            doc(
              'How SCORM Cloud sends its credentials with a postback. Each registration is created with it and only its postbacks sent that way are accepted, so a change applies to new registrations.',
            ),
          ),
        resultsFormat: z.enum(['course', 'activity', 'full']).default('course').meta(doc('How much of the registration a postback (and a refresh) carries.')),
        username: z.string().min(1).default('scorm-cloud').meta(doc('User name SCORM Cloud sends with postbacks.')),
        secret: z
          .string()
          .min(32, 'must be at least 32 characters')
          .optional()
          .meta(
            doc(
              'Per-registration postback passwords are an HMAC of the registration ID under this secret (at least 32 characters).',
              'derived from `secretKey`',
            ),
          ),
        previousSecrets: z
          .array(z.string().min(32, 'must be at least 32 characters'))
          .default([])
          .meta(doc('Secrets that still verify postbacks, so that rotating `secret` does not break live registrations.')),
        maxBytes: positiveInt.default(1024 * 1024).meta(doc('Largest postback body accepted.')),
        inboxRetentionDays: positiveInt.default(30).meta(doc('How long received postbacks are kept in the inbox.')),
      })
      .strict()
      .prefault({}),
    launch: z
      .object({
        allowedReturnOrigins: originList.default([]).meta(doc('Origins a frontend may name in `returnTo`; anything else is refused with 400.')),
        defaultReturnUrl: z
          .url({ protocol: /^https?$/ })
          .optional()
          .meta(doc('Where the exit route sends a learner whose launch named no return address.', '(none)')),
      })
      .strict()
      .prefault({}),
    registration: z
      .object({
        createOn: z
          .enum(['launch', 'assign'])
          .default('launch')
          .meta(
            doc("`launch`: created lazily at the learner's first launch (or their own `POST /registrations`); `assign`: only by an editor or an API token."),
          ),
        exitRefreshIntervalSeconds: z.number().int().min(0).default(60).meta(doc('At most one exit-triggered refresh of a registration in this interval.')),
        learnerNewAttempts: z
          .enum(['never', 'afterCompletion', 'always'])
          .default('never')
          .meta(
            doc(
              'Whether learners may start a new attempt themselves (`POST /courses/:courseId/new-attempt`): `never` (editors do), `afterCompletion` (once their newest attempt is complete) or `always`.',
            ),
          ),
      })
      .strict()
      .prefault({}),
    learners: z
      .object({
        firstNameFields: z
          .array(z.string().min(1))
          .default(['firstname', 'firstName'])
          .meta(doc("Attributes of a users-permissions user tried in turn for the learner's first name; the username when none has a value.")),
        lastNameFields: z
          .array(z.string().min(1))
          .default(['lastname', 'lastName'])
          .meta(doc("Attributes tried in turn for the learner's last name; none when no attribute has a value (V1, which needs one, is sent the first name).")),
        onUserDelete: z
          .enum(['keep', 'anonymise', 'delete'])
          .default('keep')
          .meta(
            doc(
              "What becomes of a deleted user's registrations: `keep` them as they are; `anonymise` them (names and e-mail removed here and in SCORM Cloud, results kept; V1 cannot remove an e-mail in SCORM Cloud); `delete` them here and in SCORM Cloud.",
            ),
          ),
        dataDeletionEmail: z
          .email()
          .optional()
          .meta(
            doc(
              "V2: the e-mail of an owner or administrator of the SCORM Cloud account. With it, anonymising or deleting a user's registrations also asks SCORM Cloud to erase the learner's personal data (`delete-information`), which SCORM Cloud confirms to that address.",
              '(none)',
            ),
          ),
      })
      .strict()
      .prefault({}),
    upload: z
      .object({
        mode: z
          .enum(['proxy', 'direct'])
          .default('proxy')
          .meta(
            doc(
              '`proxy` streams packages through Strapi; `direct` lets the browser send the file to SCORM Cloud itself (see [Direct uploads](#direct-uploads)).',
            ),
          ),
        maxBytes: positiveInt.default(2 * 1024 ** 3).meta(doc('Largest package accepted.', '2 GiB')),
        requestTimeoutMs: positiveInt
          .default(2 * 60 * 60 * 1000)
          .meta(doc('Request timeout of the upload route only: a 1 GiB package over 10 Mbit/s takes about 15 minutes.', '2 h')),
        directUploadExpiryMinutes: positiveInt.default(60).meta(doc('Direct uploads whose browser never reports back fail after this.')),
      })
      .strict()
      .prefault({}),
    poller: z
      .object({
        enabled: z.boolean().default(true).meta(doc('The poller that follows imports and reconciles registrations.')),
        rule: z.string().min(1).default('*/10 * * * * *').meta(doc('Cron rule of the poller (croner syntax; six fields: seconds first).')),
        batchSize: positiveInt.default(10).meta(doc('Imports polled per round.')),
        leaseSeconds: positiveInt.default(60).meta(doc('How long an instance holds a row it works on; several instances never poll one row at once.')),
        initialDelaySeconds: positiveInt.default(2).meta(doc('First delay between two polls of one import; it doubles up to `maxDelaySeconds`.')),
        maxDelaySeconds: positiveInt.default(300).meta(doc('Longest delay between two polls of one import.')),
        importTimeoutMinutes: positiveInt.default(120).meta(doc('An import still running after this fails.')),
        reconcile: z
          .object({
            enabled: z.boolean().default(true).meta(doc('Refreshes launched registrations that have not reported.')),
            delayMinutes: positiveInt.default(15).meta(doc('A launched registration that has not reported this long after its launch is refreshed.')),
            windowHours: positiveInt.default(48).meta(doc('Launches older than this are left alone.')),
            concurrency: positiveInt.default(4).meta(doc('Refreshes at once.')),
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
