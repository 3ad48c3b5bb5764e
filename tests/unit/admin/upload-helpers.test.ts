/**
 * The admin's DOM-free upload helpers, against the emulator's real answers: the direct-mode page reads
 * the import token out of the Cloud's XML, and shows sizes as people read them.
 */
import { cloudMessageOf, isDirectUploadMessage } from '../../../admin/src/api/direct-upload-message';
import { formatBytes } from '../../../admin/src/utils/formatBytes';
import { CloudClient } from '../../../server/src/cloud/client';
import type { RunningEmulator } from '../../../emulator/src';
import { APP, scorm12Single, start } from '../../../emulator/tests/helpers';

describe('formatBytes (decimal units, as Intl writes them)', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1023, '1 kB'],
    [1536, '1.5 kB'],
    [3 * 1024 * 1024 + 200_000, '3.3 MB'],
    [25 * 1024 * 1024, '26 MB'],
    ['1073741824', '1.1 GB'],
    [null, '—'],
    ['not a number', '—'],
  ])('shows %p as %p', (input, expected) => {
    expect(formatBytes(input as number | string | null)).toBe(expected);
  });
});

describe('the direct-mode form post with a redirecturl, as the admin page makes it', () => {
  let emulator: RunningEmulator;
  let client: CloudClient;
  const back = 'https://strapi.example.test/api/scorm-cloud/direct-uploads/c-1/complete?state=1.x';

  beforeAll(async () => {
    emulator = await start({ importDelayMs: 10 });
    client = new CloudClient({ ...APP, serviceUrl: emulator.serviceUrl, retries: 0 });
  });
  afterAll(() => emulator.close());

  const post = async (file: Blob | null, courseId: string, part = 'filedata') => {
    const form = new FormData();
    if (file) form.append(part, file, 'course.zip');
    else form.append('note', 'no file');
    const res = await fetch(client.importCourseAsyncUrl(courseId, { redirectUrl: back }).url, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') as string);
  };

  it('is redirected back with the token, keeping the state, whatever the file part is named', async () => {
    const location = await post(new Blob([await scorm12Single('Form')]), 'c-1', 'package');
    expect(location.origin + location.pathname).toBe('https://strapi.example.test/api/scorm-cloud/direct-uploads/c-1/complete');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ state: '1.x', success: 'true', courseid: 'c-1', tokenid: expect.stringMatching(/\S/) });
  });

  it("is redirected back with the Cloud's error when it refuses", async () => {
    const location = await post(null, 'c-2');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      state: '1.x',
      success: 'false',
      errcode: expect.stringMatching(/^\d+$/),
      msg: expect.stringMatching(/\S/),
    });
  });

  it('recognises only the completion page message for its own course', () => {
    const message = { type: 'scorm-cloud:direct-upload', courseId: 'c-1', status: 'importing', error: null };
    expect(isDirectUploadMessage(message, 'c-1')).toBe(true);
    expect(isDirectUploadMessage(message, 'c-2')).toBe(false);
    expect(isDirectUploadMessage({ ...message, type: 'other' }, 'c-1')).toBe(false);
    expect(isDirectUploadMessage('scorm-cloud:direct-upload', 'c-1')).toBe(false);
    expect(isDirectUploadMessage(null, 'c-1')).toBe(false);
  });

  it("shows the Cloud's own words", () => {
    expect(cloudMessageOf('SCORM Cloud refused the package: No file was uploaded. (error 1)')).toBe('No file was uploaded. (error 1)');
    expect(cloudMessageOf('Something else')).toBe('Something else');
    expect(cloudMessageOf(null)).toBe('');
  });
});
