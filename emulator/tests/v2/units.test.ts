import { eventually } from '../../../tests/helpers/eventually';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { methodMatches, parseArgs } from '../../src';
import { receiver, scorm12Single, start, control } from '../helpers';
import { createRegV2, importV2, v2 } from './helpers';

describe('fault keys', () => {
  const launchLink = ['v2:POST /registrations/{registrationId}/launchLink', 'v2:POST /registrations/r1/launchLink'];
  it.each([
    ['*', true],
    ['v2:*', true],
    ['v2:POST /registrations/{id}/launchLink', true],
    ['v2:POST /registrations/{registrationId}/launchLink', true],
    ['v2:POST /registrations/r1/launchLink', true],
    ['v2:POST /registrations/r2/launchLink', false],
    ['v2:GET /registrations/{id}/launchLink', false],
    ['v2:/registrations/{id}/launchLink', true],
    ['v2:POST /registrations*', true],
    ['launch', false],
    ['rustici.registration.launch', false],
  ])('%s → %s', (pattern, expected) => {
    expect(methodMatches(pattern, ...launchLink)).toBe(expected);
  });
  it('V1 names keep their short/full matching and never match V2', () => {
    expect(methodMatches('getAsyncImportResult', 'rustici.course.getAsyncImportResult')).toBe(true);
    expect(methodMatches('v2:*', 'rustici.course.getAsyncImportResult')).toBe(false);
  });
});

describe('CLI', () => {
  it('--v2-page-size', () => {
    expect(parseArgs(['--v2-page-size', '5'], {}).v2).toEqual({ pageSize: 5 });
  });
});

describe('V2 state persists in the data dir', () => {
  it('launch links and the JSON wire of postbacks survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-v2-state-'));
    const rx = await receiver();
    try {
      let emu = await start({ dataDir: dir });
      await importV2(emu, 'pc', await scorm12Single('Persisted'));
      await createRegV2(emu, 'pc', 'keep-1', { postBack: { url: rx.url, authType: 'HTTPBASIC', resultsFormat: 'COURSE' } });
      const link = (await v2(emu, 'POST', '/registrations/keep-1/launchLink', { body: { redirectOnExitUrl: 'blank', expiry: 300 } })).json.launchLink as string;
      await emu.close();
      emu = await start({ dataDir: dir });
      try {
        const path = new URL(link).pathname;
        expect((await fetch(`${emu.url}${path}`, { redirect: 'manual' })).status).toBe(302);
        await control(emu, 'registrations/keep-1/runtime', { completion: 'completed' });
        await eventually('rx.received.length === 1', () => rx.received.length === 1).catch(() => {
          throw new Error('no JSON postback for keep-1 after the restart');
        });
        expect(rx.received[0].contentType).toMatch(/^application\/json/);
      } finally {
        await emu.close();
      }
    } finally {
      await rx.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
