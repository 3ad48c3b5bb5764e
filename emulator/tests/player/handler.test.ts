import { request as httpRequest } from 'node:http';
import { MemoryHost, startPlayerServer } from './fake-host';

let host: MemoryHost;
let srv: Awaited<ReturnType<typeof startPlayerServer>>;

beforeEach(async () => {
  host = new MemoryHost();
  srv = await startPlayerServer(host, { maxBodyBytes: 4096 });
});
afterEach(async () => {
  await srv.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(srv.url + path, { redirect: 'manual', ...init });
const post = (path: string, body: unknown) =>
  fetch(srv.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A raw request, so that `..` reaches the server as typed (fetch would normalise it away). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(srv.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('player page', () => {
  it('serves the page with the escaped title, the runtime and the SCO in an iframe', async () => {
    host.addLaunch();
    const res = await get('/_player/L1/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Golf &#60;Basics&#62; &#38; more');
    expect(html).not.toContain('<Basics>');
    expect(html).toContain('<script src="/_player/L1/runtime.js"></script>');
    expect(html).toContain('src="/_player/L1/content/shared/launch%20page.html?mode=start"');
    expect(html).toContain('id="scorm-player-exit"');
    const config = JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]);
    expect(config).toMatchObject({
      launchId: 'L1',
      standard: 'scorm12',
      learnerId: 'learner-1',
      commitUrl: '/_player/L1/commit',
      finishUrl: '/_player/L1/finish',
      exitUrl: '/_player/L1/exit',
    });
  });

  it('keeps a </script> in resume data from closing the config element', async () => {
    host.addLaunch({ resumeData: { 'cmi.suspend_data': '</script><script>alert(1)</script>' } });
    const html = await (await get('/_player/L1/')).text();
    expect(html.match(/<\/script>/g)!.length).toBe(html.match(/<script/g)!.length);
    expect(html).not.toContain('<script>alert');
  });

  it('redirects the folder without its slash', async () => {
    host.addLaunch();
    const res = await get('/_player/L1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/_player/L1/');
  });

  it('answers 404 with a page for an unknown launch, and for a finished one', async () => {
    let res = await get('/_player/nope/');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Launch not found');
    host.addLaunch();
    await post('/_player/L1/finish', {});
    res = await get('/_player/L1/');
    expect(res.status).toBe(404);
    expect((await get('/_player/L1/content/shared/launch%20page.html')).status).toBe(404);
    expect((await get('/_player/bad%2Fid/')).status).toBe(404);
  });

  it('leaves paths outside /_player/ to the caller', async () => {
    expect((await get('/api')).status).toBe(418);
  });

  it('loads the scorm-again bundle before the glue, without its source map', async () => {
    host.addLaunch();
    const html = await (await get('/_player/L1/')).text();
    expect(html).toContain('<script src="/_player/L1/scorm-again.js"></script>\n<script src="/_player/L1/runtime.js"></script>');
    const bundle = await get('/_player/L1/scorm-again.js');
    expect(bundle.status).toBe(200);
    const js = await bundle.text();
    expect(js).toContain('window.Scorm2004API');
    expect(js).not.toContain('sourceMappingURL');
  });

  it('serves the runtime script', async () => {
    host.addLaunch();
    const res = await get('/_player/L1/runtime.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain('API_1484_11');
    expect(() => new Function(js)).not.toThrow();
  });
});

describe('package content', () => {
  beforeEach(() => {
    host.addLaunch();
    host.addFile('course-1', 0, 'shared/launch page.html', '<html>sco</html>');
    host.addFile('course-1', 0, 'shared/style.CSS', 'body{}');
    host.addFile('course-1', 0, 'img/a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    host.addFile('course-1', 0, 'media/clip.mp4', Buffer.alloc(1000, 1));
    host.addFile('course-1', 0, 'data.bin', 'x');
  });

  it('streams files with their content types and lengths', async () => {
    let res = await get('/_player/L1/content/shared/launch%20page.html?mode=start');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>sco</html>');
    res = await get('/_player/L1/content/shared/style.CSS');
    expect(res.headers.get('content-type')).toBe('text/css');
    res = await get('/_player/L1/content/img/a.png');
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    res = await get('/_player/L1/content/media/clip.mp4');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe('1000');
    expect((await res.arrayBuffer()).byteLength).toBe(1000);
    res = await get('/_player/L1/content/data.bin');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers HEAD with headers only', async () => {
    const res = await get('/_player/L1/content/media/clip.mp4', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('1000');
    expect(await res.text()).toBe('');
  });

  it('answers 404 for a missing file', async () => {
    expect((await get('/_player/L1/content/nothing.html')).status).toBe(404);
  });

  it('refuses path traversal with 404', async () => {
    for (const path of [
      '/_player/L1/content/../../../etc/passwd',
      '/_player/L1/content/shared/../img/a.png',
      '/_player/L1/content/%2e%2e/%2e%2e/etc/passwd',
      '/_player/L1/content/shared%2F..%2F..%2Fx',
      '/_player/L1/content/..%5c..%5cwindows',
      '/_player/L1/content//etc/passwd',
      '/_player/L1/content/img/a.png%00.html',
      '/_player/L1/content/%E0%A4%A',
    ]) {
      const res = await rawGet(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('refuses other methods', async () => {
    const res = await fetch(`${srv.url}/_player/L1/content/img/a.png`, { method: 'DELETE' });
    expect(res.status).toBe(405);
  });
});

describe('commit and finish', () => {
  beforeEach(() => host.addLaunch());

  it('passes commits and the finish to the host', async () => {
    const cmi = { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.score.raw': '40', 'cmi.interactions.0.id': 'q1' };
    let res = await post('/_player/L1/commit', cmi);
    expect(res.status).toBe(200);
    expect(host.commits).toEqual([{ launchId: 'L1', cmi }]);
    res = await post('/_player/L1/finish', { ...cmi, 'cmi.core.lesson_status': 'passed' });
    expect(res.status).toBe(200);
    expect(host.finishes).toEqual([{ launchId: 'L1', cmi: { ...cmi, 'cmi.core.lesson_status': 'passed' } }]);
  });

  it('takes a second finish (the page-close beacon) without error, and refuses commits after finish', async () => {
    await post('/_player/L1/finish', { 'cmi.core.lesson_status': 'completed' });
    const again = await post('/_player/L1/finish', { 'cmi.core.lesson_status': 'completed' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, alreadyFinished: true });
    expect(host.finishes).toHaveLength(1);
    expect((await post('/_player/L1/commit', {})).status).toBe(404);
  });

  it('treats a commit marked ?finish=true (scorm-again terminate commit) as the finish', async () => {
    const res = await fetch(`${srv.url}/_player/L1/commit?finish=true`, {
      method: 'POST',
      body: JSON.stringify({ 'cmi.core.lesson_status': 'passed', 'cmi.interactions': [], 'cmi.core.score.raw': null }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: true, errorCode: 0 });
    expect(host.commits).toHaveLength(0);
    expect(host.finishes).toEqual([{ launchId: 'L1', cmi: { 'cmi.core.lesson_status': 'passed' } }]);
  });

  it('accepts a beacon sent as text/plain', async () => {
    const res = await fetch(`${srv.url}/_player/L1/commit`, { method: 'POST', body: JSON.stringify({ 'cmi.completion_status': 'completed' }) });
    expect(res.status).toBe(200);
    expect(host.commits[0].cmi).toEqual({ 'cmi.completion_status': 'completed' });
  });

  it('refuses bodies that are not a CMI map, and oversized bodies', async () => {
    expect((await post('/_player/L1/commit', 'not json')).status).toBe(400);
    expect((await post('/_player/L1/commit', ['cmi.core.lesson_status'])).status).toBe(400);
    expect((await post('/_player/L1/commit', { 'cmi.core.lesson_status': { nested: true } })).status).toBe(400);
    expect((await post('/_player/L1/commit', { 'window.location': 'x' })).status).toBe(400);
    expect((await post('/_player/L1/commit', { 'cmi.suspend_data': 'x'.repeat(5000) })).status).toBe(413);
    expect(host.commits).toHaveLength(0);
    expect((await get('/_player/L1/commit')).status).toBe(405);
  });

  it('answers 404 for commits to an unknown launch', async () => {
    expect((await post('/_player/other/commit', {})).status).toBe(404);
    expect((await post('/_player/other/finish', {})).status).toBe(404);
  });
});

describe('exit', () => {
  it('redirects to an absolute redirect URL after finish', async () => {
    host.addLaunch();
    await post('/_player/L1/finish', { 'cmi.core.lesson_status': 'passed' });
    const res = await get('/_player/L1/exit');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:1/back?x=1');
  });

  it('finishes with the last committed data when the learner exits before the SCO finished', async () => {
    host.addLaunch();
    await post('/_player/L1/commit', { 'cmi.core.lesson_status': 'incomplete' });
    const res = await get('/_player/L1/exit');
    expect(res.status).toBe(302);
    expect(host.finishes).toEqual([{ launchId: 'L1', cmi: { 'cmi.core.lesson_status': 'incomplete' } }]);
    expect((await get('/_player/L1/exit')).status).toBe(302);
    expect(host.finishes).toHaveLength(1);
  });

  it('finishes with the resume data when nothing was committed', async () => {
    host.addLaunch({ resumeData: { 'cmi.suspend_data': 'abc' } });
    await get('/_player/L1/exit');
    expect(host.finishes).toEqual([{ launchId: 'L1', cmi: { 'cmi.suspend_data': 'abc' } }]);
  });

  it.each([
    ['closer', 'window.close()'],
    ['CLOSER', 'window.close()'],
    ['message', 'Course complete'],
    ['', 'Course complete'],
    ['javascript:alert(1)', 'Course complete'],
    ['not a url', 'Course complete'],
  ])('serves the page for redirectUrl %j', async (redirectUrl, marker) => {
    host.addLaunch({ redirectUrl });
    await post('/_player/L1/finish', {});
    const res = await get('/_player/L1/exit');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(marker);
  });

  it('serves an empty page for blank', async () => {
    host.addLaunch({ redirectUrl: 'blank' });
    await post('/_player/L1/finish', {});
    const res = await get('/_player/L1/exit');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<body><\/body>/);
  });

  it('answers 404 for the exit of an unknown launch', async () => {
    expect((await get('/_player/ghost/exit')).status).toBe(404);
  });
});
