/**
 * The demo course `npm run dev` imports: its zip is a SCORM 2004 package the emulator's manifest reader
 * (the one its imports use) accepts without warnings, and its SCO really drives the runtime it finds in a
 * parent frame: Initialize, the learner's result, Commit, Terminate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parsePackage } from '../../../emulator/src/manifest';
import { DEFAULT_ZIP_LIMITS, ZipPackage } from '../../../emulator/src/zip';

const { zipDemoCourse, DEMO_COURSE_DIR } = require('../../app/src/demo-course.js');

describe('the demo course package', () => {
  it('is a SCORM 2004 4th Edition package with one SCO and every file its manifest lists', async () => {
    const zip = await ZipPackage.open({ buffer: await zipDemoCourse() });
    const course = await parsePackage(zip, DEFAULT_ZIP_LIMITS);
    expect(course).toMatchObject({ standard: 'scorm2004', edition: '2004 4th Edition', title: 'SCORM Cloud plugin demo course', entryHref: 'index.html' });
    expect(course.warnings).toEqual([]);
    expect(course.root.children).toEqual([expect.objectContaining({ href: 'index.html', scormType: 'sco' })]);

    const manifest = readFileSync(join(DEMO_COURSE_DIR, 'imsmanifest.xml'), 'utf8');
    const listed = [...manifest.matchAll(/<file href="([^"]+)"/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    const names = zip.files().map((f) => f.name);
    for (const file of listed) expect(names).toContain(file);
    expect(names).toContain('imsmanifest.xml');
  });
});

type Call = [string, ...string[]];

/** A SCORM 2004 runtime that records every call and accepts them all, as a player's would. */
function fakeRuntime(values: Record<string, string> = {}) {
  const calls: Call[] = [];
  const record =
    (name: string, answer: (...args: string[]) => string = () => 'true') =>
    (...args: string[]) => {
      calls.push([name, ...args]);
      return answer(...args);
    };
  const api = {
    Initialize: record('Initialize'),
    Terminate: record('Terminate'),
    Commit: record('Commit'),
    GetValue: record('GetValue', (element) => values[element] ?? ''),
    SetValue: record('SetValue'),
    GetLastError: () => '0',
    GetErrorString: () => '',
    GetDiagnostic: () => '',
  };
  return { api, calls, set: () => calls.filter(([name]) => name === 'SetValue').map(([, element, value]) => [element, value]) };
}

interface FakeElement {
  id: string;
  textContent: string;
  hidden: boolean;
  disabled: boolean;
  className: string;
  listeners: Record<string, () => void>;
  addEventListener(type: string, listener: () => void): void;
}

/**
 * Runs the SCO's script in a window whose parent is the player holding `API_1484_11`, with the elements
 * of the SCO's own page (index.html): the script may reach nothing the page does not have.
 */
function playSco(runtime?: ReturnType<typeof fakeRuntime>) {
  const html = readFileSync(join(DEMO_COURSE_DIR, 'index.html'), 'utf8');
  expect(html).toContain('<script src="sco.js"></script>');
  const elements: Record<string, FakeElement> = {};
  for (const [tag, id] of html.matchAll(/<[^>]*\bid="([^"]+)"[^>]*>/g)) {
    elements[id] = {
      id,
      textContent: '',
      hidden: /\shidden[\s>]/.test(tag),
      disabled: /\sdisabled[\s>]/.test(tag),
      className: '',
      listeners: {},
      addEventListener(type, listener) {
        this.listeners[type] = listener;
      },
    };
  }
  const player: Record<string, unknown> = runtime ? { API_1484_11: runtime.api } : {};
  player.parent = player;
  player.top = player;
  const windowListeners: Record<string, () => void> = {};
  const sco: Record<string, unknown> = {
    parent: player,
    top: player,
    document: { getElementById: (id: string) => elements[id] ?? null },
    addEventListener: (type: string, listener: () => void) => (windowListeners[type] = listener),
  };
  sco.window = sco;
  runInNewContext(readFileSync(join(DEMO_COURSE_DIR, 'sco.js'), 'utf8'), sco);
  return { elements, windowListeners, click: (id: string) => elements[id].listeners.click() };
}

describe('the demo SCO', () => {
  it('initializes the runtime of its parent frame at once and enables its buttons', () => {
    const runtime = fakeRuntime({ 'cmi.learner_name': 'Learner, Demo', 'cmi.completion_status': 'unknown' });
    const { elements } = playSco(runtime);
    expect(runtime.calls[0]).toEqual(['Initialize', '']);
    expect(runtime.set()).toEqual([['cmi.completion_status', 'incomplete']]);
    expect(elements.status.textContent).toMatch(/Hello, Learner, Demo/);
    expect(['pass', 'fail', 'later'].map((id) => elements[id].disabled)).toEqual([false, false, false]);
  });

  it('greets a learner whose name has one part without the stray comma', () => {
    const { elements } = playSco(fakeRuntime({ 'cmi.learner_name': ', demo-learner' }));
    expect(elements.status.textContent).toMatch(/^Hello, demo-learner\./);
  });

  it('reports a pass with its score, completion, success and session time, then commits and terminates', () => {
    const runtime = fakeRuntime();
    const { click, elements } = playSco(runtime);
    click('pass');
    const set = Object.fromEntries(runtime.set());
    expect(set).toMatchObject({
      'cmi.score.raw': '90',
      'cmi.score.min': '0',
      'cmi.score.max': '100',
      'cmi.score.scaled': '0.9',
      'cmi.completion_status': 'completed',
      'cmi.success_status': 'passed',
      'cmi.exit': 'normal',
    });
    expect(set['cmi.session_time']).toMatch(/^PT\d+H\d+M\d+S$/);
    expect(runtime.calls.slice(-2)).toEqual([
      ['Commit', ''],
      ['Terminate', ''],
    ]);
    expect(elements.result.textContent).toMatch(/90%, completed, passed/);
    expect(elements.pass.disabled).toBe(true);
  });

  it('reports a fail, and "Leave for now" suspends the attempt without a score', () => {
    const failing = fakeRuntime();
    playSco(failing).click('fail');
    expect(Object.fromEntries(failing.set())).toMatchObject({
      'cmi.score.scaled': '0.4',
      'cmi.success_status': 'failed',
      'cmi.completion_status': 'completed',
    });

    const leaving = fakeRuntime();
    playSco(leaving).click('later');
    const set = Object.fromEntries(leaving.set());
    expect(set).toMatchObject({ 'cmi.completion_status': 'incomplete', 'cmi.exit': 'suspend' });
    expect(set).not.toHaveProperty('cmi.score.raw');
    expect(leaving.calls.at(-1)).toEqual(['Terminate', '']);
  });

  it('ends the session once: closing the page after a button calls the runtime no more', () => {
    const runtime = fakeRuntime();
    const { click, windowListeners } = playSco(runtime);
    click('pass');
    const count = runtime.calls.length;
    windowListeners.pagehide();
    expect(runtime.calls).toHaveLength(count);
  });

  it('says so when no runtime is found, and leaves its buttons off', () => {
    const { elements } = playSco();
    expect(elements.status.textContent).toMatch(/No SCORM 2004 runtime \(API_1484_11\) was found/);
    expect(elements.status.className).toBe('error');
    expect(elements.pass.disabled).toBe(true);
  });
});
