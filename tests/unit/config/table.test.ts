/**
 * The README's configuration table is generated from the zod schema. `npm run docs:config` rewrites it;
 * this test fails when the two differ, so a new or changed key cannot go undocumented.
 */
import fs from 'node:fs';
import path from 'node:path';
import { configTable } from '../../../server/src/config/table';

const README = path.resolve(__dirname, '../../../README.md');
const REGION = /(<!-- config-table:start[^>]*-->\n)([\s\S]*?)(<!-- config-table:end -->)/;

describe('the configuration table', () => {
  it('in the README is the one the schema generates', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const generated = configTable();
    if (process.env.UPDATE_README === '1') {
      fs.writeFileSync(
        README,
        readme.replace(REGION, (_all, start: string, _old: string, end: string) => `${start}${generated}${end}`),
      );
      console.log('[docs:config] README.md configuration table rewritten');
    }
    const found = REGION.exec(fs.readFileSync(README, 'utf8'));
    expect(found).not.toBeNull();
    expect(found?.[2]).toBe(generated);
  });

  it('names every key with its default and meaning, in words', () => {
    const rows = configTable().trim().split('\n').slice(2);
    const keys = rows.map((row) => /^\| `([^`]+)` \|/.exec(row)?.[1]);
    // Written out: the table must list what an app may configure, not what the code happens to hold.
    expect(keys).toEqual([
      'appId',
      'secretKey',
      'apiVersion',
      'serviceUrl',
      'origin',
      'requestTimeoutMs',
      'launchLinkExpirySeconds',
      'retries',
      'publicUrl',
      'postback.enabled',
      'postback.authType',
      'postback.resultsFormat',
      'postback.username',
      'postback.secret',
      'postback.previousSecrets',
      'postback.maxBytes',
      'postback.inboxRetentionDays',
      'launch.allowedReturnOrigins',
      'launch.defaultReturnUrl',
      'registration.createOn',
      'registration.exitRefreshIntervalSeconds',
      'registration.learnerNewAttempts',
      'learners.firstNameFields',
      'learners.lastNameFields',
      'learners.onUserDelete',
      'learners.dataDeletionEmail',
      'upload.mode',
      'upload.maxBytes',
      'upload.requestTimeoutMs',
      'upload.directUploadExpiryMinutes',
      'poller.enabled',
      'poller.rule',
      'poller.batchSize',
      'poller.leaseSeconds',
      'poller.initialDelaySeconds',
      'poller.maxDelaySeconds',
      'poller.importTimeoutMinutes',
      'poller.reconcile.enabled',
      'poller.reconcile.delayMinutes',
      'poller.reconcile.windowHours',
      'poller.reconcile.concurrency',
    ]);
    expect(rows.find((r) => r.startsWith('| `postback.authType`'))).toBe(
      '| `postback.authType` | `form` | How SCORM Cloud sends its credentials with a postback. Each registration is created with it and only its postbacks sent that way are accepted, so a change applies to new registrations. One of `form`, `httpbasic`. |',
    );
    expect(rows.find((r) => r.startsWith('| `launchLinkExpirySeconds`'))).toContain('| `120` |');
    expect(rows.find((r) => r.startsWith('| `launchLinkExpirySeconds`'))).toMatch(/ 10–300\. \|$/);
    expect(rows.find((r) => r.startsWith('| `publicUrl`'))).toContain("| Strapi's `server.url` |");
  });
});
