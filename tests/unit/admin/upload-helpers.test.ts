/**
 * The admin's DOM-free upload helpers, against the emulator's real answers: the direct-mode page reads
 * the import token out of the Cloud's XML, and shows sizes as people read them.
 */
import { parseImportAnswer } from '../../../admin/src/api/cloud-answer';
import { formatBytes } from '../../../admin/src/utils/formatBytes';
import { CloudClient } from '../../../server/src/cloud/client';
import type { RunningEmulator } from '../../../server/src/emulator';
import { APP, scorm12Single, start } from '../../emulator/helpers';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [3 * 1024 * 1024 + 200_000, '3.2 MB'],
    [25 * 1024 * 1024, '25 MB'],
    ['1073741824', '1.0 GB'],
    [null, '—'],
    ['not a number', '—'],
  ])('shows %p as %p', (input, expected) => {
    expect(formatBytes(input as number | string | null)).toBe(expected);
  });
});

describe('the direct-mode form post to a signed importCourseAsync URL', () => {
  let emulator: RunningEmulator;
  let client: CloudClient;

  beforeAll(async () => {
    emulator = await start({ importDelayMs: 10 });
    client = new CloudClient({ ...APP, serviceUrl: emulator.serviceUrl, retries: 0 });
  });
  afterAll(() => emulator.close());

  // The same request the page's no-cors fallback makes: multipart, the file in the returned fileField, no headers.
  const post = async (file: Blob | null, courseId: string) => {
    const form = new FormData();
    if (file) form.append('filedata', file, 'course.zip');
    else form.append('note', 'no file');
    const res = await fetch(client.importCourseAsyncUrl(courseId).url, { method: 'POST', body: form });
    return res.text();
  };

  it('reads the import token from the answer to a package', async () => {
    const answer = parseImportAnswer(await post(new Blob([await scorm12Single('Direct')]), 'direct-ok'));
    expect(answer.error).toBeUndefined();
    expect(answer.token).toMatch(/\S+/);
    const result = await client.getAsyncImportResult(answer.token!);
    expect(['created', 'running', 'finished']).toContain(result.status);
  });

  it("reads the Cloud's message when it refuses the post", async () => {
    const answer = parseImportAnswer(await post(null, 'direct-bad'));
    expect(answer.token).toBeUndefined();
    expect(answer.error).toMatch(/\S+/);
  });
});
