import { runInNewContext } from 'node:vm';
import { RUNTIME_JS } from '../../../server/src/emulator/player/runtime';

type Api = Record<string, (...args: string[]) => string>;

interface Harness {
  API: Api;
  API_1484_11: Api;
  posts: Array<{ url: string; body: Record<string, string> }>;
  beacons: Array<{ url: string; body: Record<string, string> }>;
  navigations: string[];
  listeners: Record<string, () => void>;
  clickExit(): void;
  settle(): Promise<void>;
}

/** Runs the served runtime script in a fresh context with just the browser surface it touches. */
function boot(resumeData: Record<string, string> = {}, standard = 'scorm12'): Harness {
  const posts: Harness['posts'] = [];
  const beacons: Harness['beacons'] = [];
  const navigations: string[] = [];
  const listeners: Record<string, () => void> = {};
  let exitClick: (() => void) | undefined;
  const config = {
    launchId: 'L1', standard, learnerId: 'u-1', learnerName: 'Doe, Jane', resumeData,
    commitUrl: '/_player/L1/commit', finishUrl: '/_player/L1/finish', exitUrl: '/_player/L1/exit',
  };
  const location = { href: 'http://127.0.0.1:9/_player/L1/' };
  const win: Record<string, unknown> = {
    location,
    console: { warn: () => undefined },
    fetch: async (url: string, init: { body: string }) => {
      posts.push({ url, body: JSON.parse(init.body) });
      return { ok: true, status: 200 };
    },
    setTimeout: (fn: () => void) => setTimeout(fn, 0),
    addEventListener: (name: string, fn: () => void) => { listeners[name] = fn; },
  };
  win.top = { location: { set href(v: string) { navigations.push(v); } } };
  const document = {
    readyState: 'complete',
    getElementById: (id: string) => {
      if (id === 'scorm-player-config') return { textContent: JSON.stringify(config) };
      if (id === 'scorm-player-exit') return { addEventListener: (_: string, fn: () => void) => { exitClick = fn; } };
      return null;
    },
  };
  const navigator = {
    sendBeacon: (url: string, blob: { text: string }) => {
      beacons.push({ url, body: JSON.parse(blob.text) });
      return true;
    },
  };
  class FakeBlob {
    text: string;
    constructor(parts: string[]) { this.text = parts.join(''); }
  }
  runInNewContext(RUNTIME_JS, { window: win, document, navigator, Blob: FakeBlob, URL, Promise, JSON });
  return {
    API: win.API as Api,
    API_1484_11: win.API_1484_11 as Api,
    posts, beacons, navigations, listeners,
    clickExit: () => exitClick!(),
    settle: () => new Promise((resolve) => setTimeout(resolve, 20)),
  };
}

describe('SCORM 1.2 API', () => {
  it('runs a session: initialize, values, commit, finish, then exit', async () => {
    const h = boot();
    const api = h.API;
    expect(api.LMSGetValue('cmi.core.lesson_status')).toBe('');
    expect(api.LMSGetLastError()).toBe('301');
    expect(api.LMSInitialize('')).toBe('true');
    expect(api.LMSInitialize('')).toBe('false');
    expect(api.LMSGetValue('cmi.core.student_id')).toBe('u-1');
    expect(api.LMSGetValue('cmi.core.student_name')).toBe('Doe, Jane');
    expect(api.LMSGetValue('cmi.core.entry')).toBe('ab-initio');
    expect(api.LMSGetValue('cmi.core.lesson_status')).toBe('not attempted');
    expect(api.LMSGetValue('cmi.core.credit')).toBe('credit');
    expect(api.LMSGetValue('cmi._version')).toBe('3.4');
    expect(api.LMSGetValue('cmi.core.score._children')).toBe('raw,min,max');
    expect(api.LMSSetValue('cmi.core.lesson_status', 'passed')).toBe('true');
    expect(api.LMSSetValue('cmi.core.score.raw', '85')).toBe('true');
    expect(api.LMSSetValue('cmi.core.session_time', '0000:01:30.5')).toBe('true');
    expect(api.LMSSetValue('cmi.interactions.0.id', 'q1')).toBe('true');
    expect(api.LMSSetValue('cmi.interactions.0.result', 'correct')).toBe('true');
    expect(api.LMSGetValue('cmi.interactions._count')).toBe('1');
    expect(api.LMSCommit('')).toBe('true');
    await h.settle();
    expect(h.posts).toHaveLength(1);
    expect(h.posts[0].url).toBe('/_player/L1/commit');
    expect(h.posts[0].body).toMatchObject({
      'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '85', 'cmi.core.session_time': '0000:01:30.5',
      'cmi.interactions.0.id': 'q1', 'cmi.interactions.0.result': 'correct', 'cmi.core.student_id': 'u-1',
    });
    expect(api.LMSFinish('')).toBe('true');
    await h.settle();
    expect(h.posts[1].url).toBe('/_player/L1/finish');
    expect(h.navigations).toEqual(['http://127.0.0.1:9/_player/L1/exit']);
    expect(api.LMSGetValue('cmi.core.lesson_status')).toBe('');
    expect(api.LMSGetLastError()).toBe('301');
  });

  it.each([
    ['cmi.core.lesson_status', 'done', '405'],
    ['cmi.core.lesson_status', 'not attempted', '405'],
    ['cmi.core.score.raw', 'abc', '405'],
    ['cmi.core.score.raw', '101', '405'],
    ['cmi.core.session_time', 'PT1M', '405'],
    ['cmi.core.exit', 'bye', '405'],
    ['cmi.core.student_id', 'x', '403'],
    ['cmi.core.total_time', '0000:00:01', '403'],
    ['cmi.core._children', 'x', '402'],
    ['cmi.interactions._count', '3', '402'],
    ['cmi.core.nonsense', 'x', '201'],
    ['cmi.interactions.1.id', 'q2', '201'],
    ['cmi.interactions.0.id', 'has space', '405'],
    ['cmi.interactions.0.type', 'essay', '405'],
  ])('refuses SetValue(%s, %j) with %s', (name, value, code) => {
    const { API } = boot();
    API.LMSInitialize('');
    expect(API.LMSSetValue(name, value)).toBe('false');
    expect(API.LMSGetLastError()).toBe(code);
    expect(API.LMSGetErrorString(code)).not.toBe('');
  });

  it('reports keyword, write-only and unknown errors on GetValue', () => {
    const { API } = boot();
    API.LMSInitialize('');
    const cases: Array<[string, string]> = [
      ['cmi.core.session_time', '404'],
      ['cmi.core.exit', '404'],
      ['cmi.core.lesson_status._children', '202'],
      ['cmi.core._count', '203'],
      ['cmi.bogus', '201'],
      ['cmi.objectives.0.id', '201'],
    ];
    for (const [name, code] of cases) {
      expect(API.LMSGetValue(name)).toBe('');
      expect({ name, code: API.LMSGetLastError() }).toEqual({ name, code });
    }
    expect(API.LMSGetDiagnostic('')).toBe('Invalid argument error');
  });

  it('seeds resume data and sets entry to resume when there is suspend data', () => {
    const { API } = boot({ 'cmi.suspend_data': 'page=4', 'cmi.core.lesson_location': 'p4', 'cmi.core.lesson_status': 'incomplete', 'cmi.core.total_time': '0001:00:00', 'cmi.core.session_time': '0000:10:00', 'cmi.objectives.0.id': 'o1' });
    API.LMSInitialize('');
    expect(API.LMSGetValue('cmi.core.entry')).toBe('resume');
    expect(API.LMSGetValue('cmi.suspend_data')).toBe('page=4');
    expect(API.LMSGetValue('cmi.core.lesson_location')).toBe('p4');
    expect(API.LMSGetValue('cmi.core.lesson_status')).toBe('incomplete');
    expect(API.LMSGetValue('cmi.core.total_time')).toBe('0001:00:00');
    expect(API.LMSGetValue('cmi.objectives._count')).toBe('1');
    expect(API.LMSGetValue('cmi.objectives.0.id')).toBe('o1');
  });

  it('sends a beacon with the data when the page is hidden before finish, and only once', async () => {
    const h = boot();
    h.API.LMSInitialize('');
    h.API.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    h.listeners.pagehide();
    h.listeners.pagehide();
    expect(h.beacons).toEqual([{ url: '/_player/L1/finish', body: expect.objectContaining({ 'cmi.core.lesson_status': 'incomplete' }) }]);
    expect(h.API.LMSFinish('')).toBe('false');
    await h.settle();
    expect(h.posts).toHaveLength(0);
  });

  it('saves and leaves on the Exit button', async () => {
    const h = boot();
    h.API.LMSInitialize('');
    h.API.LMSSetValue('cmi.core.lesson_location', 'p2');
    h.clickExit();
    await h.settle();
    expect(h.posts.map((p) => p.url)).toEqual(['/_player/L1/finish']);
    expect(h.posts[0].body['cmi.core.lesson_location']).toBe('p2');
    expect(h.navigations).toHaveLength(1);
  });

  it('leaves without a save on Exit when the SCO never initialized (the server saves)', async () => {
    const h = boot();
    h.clickExit();
    await h.settle();
    expect(h.posts).toHaveLength(0);
    expect(h.navigations).toHaveLength(1);
  });
});

describe('SCORM 2004 API', () => {
  it('runs a session with the 2004 names', async () => {
    const h = boot({}, 'scorm2004');
    const api = h.API_1484_11;
    expect(api.GetValue('cmi.completion_status')).toBe('');
    expect(api.GetLastError()).toBe('122');
    expect(api.Terminate('')).toBe('false');
    expect(api.GetLastError()).toBe('112');
    expect(api.Initialize('')).toBe('true');
    expect(api.Initialize('')).toBe('false');
    expect(api.GetLastError()).toBe('103');
    expect(api.GetValue('cmi.learner_id')).toBe('u-1');
    expect(api.GetValue('cmi.entry')).toBe('ab-initio');
    expect(api.GetValue('cmi.completion_status')).toBe('unknown');
    expect(api.GetValue('cmi.location')).toBe('');
    expect(api.GetLastError()).toBe('403');
    expect(api.SetValue('cmi.completion_status', 'completed')).toBe('true');
    expect(api.SetValue('cmi.success_status', 'passed')).toBe('true');
    expect(api.SetValue('cmi.score.scaled', '0.9')).toBe('true');
    expect(api.SetValue('cmi.score.raw', '90')).toBe('true');
    expect(api.SetValue('cmi.session_time', 'PT1M30.5S')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.id', 'urn:q1')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.type', 'choice')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.learner_response', 'a')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.result', 'correct')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.timestamp', '2024-05-01T10:00:00Z')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.latency', 'PT5S')).toBe('true');
    expect(api.GetValue('cmi.interactions.0.result')).toBe('correct');
    expect(api.Commit('')).toBe('true');
    expect(api.Terminate('')).toBe('true');
    await h.settle();
    expect(h.posts.map((p) => p.url)).toEqual(['/_player/L1/commit', '/_player/L1/finish']);
    expect(h.posts[1].body).toMatchObject({
      'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9', 'cmi.score.raw': '90',
      'cmi.session_time': 'PT1M30.5S', 'cmi.interactions.0.id': 'urn:q1', 'cmi.learner_id': 'u-1',
    });
    expect(h.navigations).toHaveLength(1);
    expect(api.GetValue('cmi.completion_status')).toBe('');
    expect(api.GetLastError()).toBe('123');
    expect(api.Commit('')).toBe('false');
    expect(api.GetLastError()).toBe('143');
  });

  it.each([
    ['cmi.completion_status', 'done', '406'],
    ['cmi.success_status', 'completed', '406'],
    ['cmi.score.scaled', '1.5', '407'],
    ['cmi.score.scaled', 'high', '406'],
    ['cmi.progress_measure', '-0.1', '407'],
    ['cmi.session_time', '0000:01:00', '406'],
    ['cmi.session_time', 'PT', '406'],
    ['cmi.exit', 'quit', '406'],
    ['cmi.learner_id', 'x', '404'],
    ['cmi.total_time', 'PT1S', '404'],
    ['cmi.score._children', 'x', '404'],
    ['cmi.nonsense', 'x', '401'],
    ['cmi.interactions.1.id', 'q', '351'],
    ['cmi.interactions.0.type', 'choice', '408'],
    ['cmi.objectives.0.success_status', 'passed', '408'],
    ['adl.nav.request', 'jump', '406'],
  ])('refuses SetValue(%s, %j) with %s', (name, value, code) => {
    const api = boot({}, 'scorm2004').API_1484_11;
    api.Initialize('');
    expect(api.SetValue(name, value)).toBe('false');
    expect(api.GetLastError()).toBe(code);
    expect(api.GetErrorString(code)).not.toBe('');
  });

  it('needs the interaction type before responses', () => {
    const api = boot({}, 'scorm2004').API_1484_11;
    api.Initialize('');
    expect(api.SetValue('cmi.interactions.0.id', 'q1')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.learner_response', 'a')).toBe('false');
    expect(api.GetLastError()).toBe('408');
    expect(api.SetValue('cmi.interactions.0.type', 'choice')).toBe('true');
    expect(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'a')).toBe('true');
    expect(api.GetValue('cmi.interactions.0.correct_responses._count')).toBe('1');
    expect(api.SetValue('adl.nav.request', '{target=sco2}choice')).toBe('true');
    expect(api.GetValue('adl.nav.request_valid.choice.{target=sco2}')).toBe('unknown');
  });

  it('seeds resume data for 2004', () => {
    const api = boot({ 'cmi.suspend_data': 's', 'cmi.location': 'l', 'cmi.total_time': 'PT1H', 'cmi.exit': 'suspend' }, 'scorm2004').API_1484_11;
    api.Initialize('');
    expect(api.GetValue('cmi.entry')).toBe('resume');
    expect(api.GetValue('cmi.location')).toBe('l');
    expect(api.GetValue('cmi.total_time')).toBe('PT1H');
    expect(api.GetValue('cmi.suspend_data')).toBe('s');
  });
});
