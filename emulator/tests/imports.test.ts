import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningEmulator } from '../src';
import { buildZip, call, errCode, expectOk, importAndWait, scorm12Manifest, scorm12Multi, scorm12Single, scorm2004, start, upload } from './helpers';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ zipLimits: { maxUncompressedBytes: 8 * 1024 * 1024, maxEntries: 500 } });
});
afterAll(() => emu.close());

const warningsOf = (rsp: any): string[] => rsp.importresults.importresult[0].parserwarnings?.warning ?? [];
const resultOf = (rsp: any) => rsp.importresults.importresult[0];

describe('course imports', () => {
  it('imports a SCORM 1.2 single-SCO package asynchronously: created/running, then finished', async () => {
    const emuSlow = await start({ importDelayMs: 1200 });
    try {
      const token = expectOk(await upload(emuSlow, 'rustici.course.importCourseAsync', { courseid: 'single' }, await scorm12Single('Golf & Tennis'))).token.id;
      const first = expectOk(await call(emuSlow, 'rustici.course.getAsyncImportResult', { token }));
      expect(['created', 'running']).toContain(first.status);
      await new Promise((r) => setTimeout(r, 400));
      const mid = expectOk(await call(emuSlow, 'rustici.course.getAsyncImportResult', { token }));
      expect(mid.status).toBe('running');
      expect(Number(mid.progress)).toBeGreaterThan(0);
      expect(mid.message).toBeTruthy();
      await new Promise((r) => setTimeout(r, 850));
      const done = expectOk(await call(emuSlow, 'rustici.course.getAsyncImportResult', { token }));
      expect(done.status).toBe('finished');
      expect(resultOf(done)['@successful']).toBe('true');
      expect(resultOf(done).title).toBe('Golf & Tennis');
      expect(warningsOf(done)).toEqual([]);
      const detail = expectOk(await call(emuSlow, 'rustici.course.getCourseDetail', { courseid: 'single' }));
      expect(detail.course[0]['@title']).toBe('Golf & Tennis');
      expect(detail.course[0].learningStandard).toBe('scorm_12');
    } finally {
      await emuSlow.close();
    }
  });

  it('imports a multi-SCO SCORM 1.2 package with the file in a part named `file`', async () => {
    const token = expectOk(await upload(emu, 'rustici.course.importCourseAsync', { courseid: 'multi' }, await scorm12Multi(), 'file')).token.id;
    await new Promise((r) => setTimeout(r, 100));
    const rsp = expectOk(await call(emu, 'rustici.course.getAsyncImportResult', { token }));
    expect(rsp.status).toBe('finished');
    expect(resultOf(rsp).title).toBe('Multi SCO Course');
  });

  it.each(['2004 3rd Edition', '2004 4th Edition'] as const)('imports SCORM %s with sequencing', async (edition) => {
    const id = edition.includes('3rd') ? 'seq3' : 'seq4';
    const { rsp } = await importAndWait(emu, id, await scorm2004(edition, `R&D ${edition}`));
    expect(resultOf(rsp)['@successful']).toBe('true');
    expect(resultOf(rsp).title).toBe(`R&D ${edition}`);
    expect(warningsOf(rsp)).toEqual([]);
    const detail = expectOk(await call(emu, 'rustici.course.getCourseDetail', { courseid: id }));
    expect(detail.course[0].learningStandard).toBe(edition.includes('3rd') ? 'scorm_2004_3rd_edition' : 'scorm_2004_4th_edition');
  });

  it('warns about files named in the manifest that are missing from the zip', async () => {
    const manifest = scorm12Manifest({ title: 'Holes', scos: [{ id: '1', title: 'L', href: 'content/index.html' }], extraFiles: ['content/style.css'] });
    const { rsp } = await importAndWait(emu, 'holes', await buildZip({ 'imsmanifest.xml': manifest }));
    expect(resultOf(rsp)['@successful']).toBe('true');
    const w = warningsOf(rsp);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain("'content/index.html'");
    expect(w[1]).toContain("'content/style.css'");
  });

  it('warns about an unknown default organization (falling back to the first) and a missing schemaversion', async () => {
    const manifest = scorm12Manifest({ title: 'Fallback', scos: [{ id: '1', title: 'L', href: 'index.html' }], defaultOrg: 'nope', schemaVersion: null });
    const { rsp } = await importAndWait(emu, 'fallback', await buildZip({ 'imsmanifest.xml': manifest, 'index.html': 'x' }));
    expect(resultOf(rsp).title).toBe('Fallback');
    const w = warningsOf(rsp).join('\n');
    expect(w).toMatch(/default organization 'nope'/);
    expect(w).toMatch(/no schemaversion/);
  });

  it('warns about items pointing to unknown resources', async () => {
    const manifest = scorm12Manifest({ title: 'Dangling', scos: [{ id: '1', title: 'L', href: 'index.html' }] }).replace(
      '</organization>',
      '<item identifier="ghost" identifierref="res_ghost"><title>Ghost</title></item></organization>',
    );
    const { rsp } = await importAndWait(emu, 'dangling', await buildZip({ 'imsmanifest.xml': manifest, 'index.html': 'x' }));
    expect(warningsOf(rsp)).toEqual([expect.stringContaining("Item 'ghost' refers to the unknown resource 'res_ghost'")]);
  });

  it('fails a malformed manifest with the parser error', async () => {
    const bad = scorm12Manifest({ title: 'Broken', scos: [{ id: '1', title: 'L', href: 'index.html' }] }).replace('</organization>', '');
    const { rsp } = await importAndWait(emu, 'broken', await buildZip({ 'imsmanifest.xml': bad, 'index.html': 'x' }));
    expect(rsp.status).toBe('error');
    expect(rsp.error['@code']).toBeDefined();
    expect(rsp.error['#text']).toMatch(/imsmanifest\.xml is not well-formed XML: .*line \d+/);
    expect(expectOk(await call(emu, 'rustici.course.exists', { courseid: 'broken' })).result).toBe('false');
  });

  it('fails a zip without a course, and a file that is not a zip', async () => {
    const none = await importAndWait(emu, 'none', await buildZip({ 'readme.txt': 'hello' }));
    expect(none.rsp.status).toBe('error');
    expect(none.rsp.error['#text']).toMatch(/contains no course/);
    const notZip = await importAndWait(emu, 'notzip', Buffer.from('this is not a zip at all'));
    expect(notZip.rsp.status).toBe('error');
    expect(notZip.rsp.error['#text']).toMatch(/not a valid zip/);
  });

  it('refuses a zip bomb without inflating it', async () => {
    const bomb = await buildZip({
      'imsmanifest.xml': scorm12Manifest({ title: 'Bomb', scos: [{ id: '1', title: 'L', href: 'index.html' }] }),
      'index.html': 'x',
      'zeros.bin': Buffer.alloc(20 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { rsp } = await importAndWait(emu, 'bomb', bomb);
    expect(rsp.status).toBe('error');
    expect(rsp.error['#text']).toMatch(/zip bomb/);
  });

  it('refuses a package with too many entries', async () => {
    const files: Record<string, string> = { 'imsmanifest.xml': scorm12Manifest({ title: 'Many', scos: [{ id: '1', title: 'L', href: 'f0.html' }] }) };
    for (let i = 0; i < 600; i++) files[`f${i}.html`] = 'x';
    const { rsp } = await importAndWait(emu, 'many', await buildZip(files, { compress: false }));
    expect(rsp.status).toBe('error');
    expect(rsp.error['#text']).toMatch(/more than the limit of 500/);
  });

  it('recognises cmi5 and AICC packages', async () => {
    const cmi5 = `<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><course id="https://example.com/c1"><title><langstring lang="en-US">A cmi5 Course</langstring></title><description><langstring lang="en-US">d</langstring></description></course><au id="https://example.com/au1"><title><langstring lang="en-US">AU 1</langstring></title><description><langstring lang="en-US">d</langstring></description><url>index.html</url></au></courseStructure>`;
    const c = await importAndWait(emu, 'cmi5', await buildZip({ 'cmi5.xml': cmi5, 'index.html': 'x' }));
    expect(resultOf(c.rsp).title).toBe('A cmi5 Course');
    const aicc = await buildZip({
      'course.crs': '[Course]\r\nCourse_Creator=Me\r\nCourse_ID=AICC1\r\nCourse_Title=An AICC Course\r\n',
      'course.au': '"System_ID","Type","Command_Line","File_Name"\r\n"A1","","","lesson.html"\r\n',
      'course.des': '"System_ID","Developer_ID","Title","Description"\r\n"A1","","Lesson One",""\r\n',
      'course.cst': '"Block","Member"\r\n"root","A1"\r\n',
      'lesson.html': 'x',
    });
    const a = await importAndWait(emu, 'aicc', aicc);
    expect(resultOf(a.rsp).title).toBe('An AICC Course');
    expect(warningsOf(a.rsp)).toEqual([]);
  });

  it('makes a new version when a course ID is imported again', async () => {
    await importAndWait(emu, 'versioned', await scorm12Single('First'));
    await importAndWait(emu, 'versioned', await scorm12Single('Second'));
    const detail = expectOk(await call(emu, 'rustici.course.getCourseDetail', { courseid: 'versioned' })).course[0];
    expect(detail['@versions']).toBe('2');
    expect(detail['@title']).toBe('Second');
    expect(detail.versions.version.map((v: any) => v.versionId)).toEqual(['0', '1']);
    expectOk(await call(emu, 'rustici.course.deleteCourse', { courseid: 'versioned', versionid: '1' }));
    const after = expectOk(await call(emu, 'rustici.course.getCourseDetail', { courseid: 'versioned' })).course[0];
    expect(after['@versions']).toBe('1');
    expect(after['@title']).toBe('First');
  });

  it('imports synchronously with importCourse (status, message and importresult directly under rsp)', async () => {
    const reply = await upload(emu, 'rustici.course.importCourse', { courseid: 'sync' }, await scorm12Single('Sync Course'));
    expect(reply.text).toMatch(
      /<rsp stat="ok"><status>finished<\/status><message>Finished<\/message><importresult successful="true"><title>Sync Course<\/title>/,
    );
    const bad = await upload(emu, 'rustici.course.importCourse', { courseid: 'sync-bad' }, Buffer.from('nope'));
    expect(expectOk(bad).importresult[0]['@successful']).toBe('false');
  });

  it('redirects a browser-form import to redirecturl with success, courseid and tokenid, or errcode and msg', async () => {
    const okReply = await upload(
      emu,
      'rustici.course.importCourseAsync',
      { courseid: 'form', redirecturl: 'http://127.0.0.1:9/done?x=1' },
      await scorm12Single(),
    );
    expect(okReply.status).toBe(302);
    const loc = new URL(okReply.location ?? '');
    expect(loc.searchParams.get('success')).toBe('true');
    expect(loc.searchParams.get('courseid')).toBe('form');
    expect(loc.searchParams.get('tokenid')).toMatch(/^\w+$/);
    expect(loc.searchParams.get('x')).toBe('1');
    const failReply = await upload(emu, 'rustici.course.importCourseAsync', { courseid: '', redirecturl: 'http://127.0.0.1:9/done' }, await scorm12Single());
    const failLoc = new URL(failReply.location ?? '');
    expect(failLoc.searchParams.get('success')).toBe('false');
    expect(failLoc.searchParams.get('errcode')).toBe('203');
    expect(failLoc.searchParams.get('msg')).toContain('courseid');
  });

  it('lists courses with a whole-match filter, answers exists and deletes', async () => {
    const list = expectOk(await call(emu, 'rustici.course.getCourseList', { filter: 'seq.' }))
      .courselist.course.map((c: any) => c['@id'])
      .sort();
    expect(list).toEqual(['seq3', 'seq4']);
    expect(expectOk(await call(emu, 'rustici.course.getCourseList', { filter: 'seq' })).courselist).toBe('');
    expect(expectOk(await call(emu, 'rustici.course.exists', { courseid: 'multi' })).result).toBe('true');
    expectOk(await call(emu, 'rustici.course.deleteCourse', { courseid: 'multi' }));
    expect(expectOk(await call(emu, 'rustici.course.exists', { courseid: 'multi' })).result).toBe('false');
    expect(errCode(await call(emu, 'rustici.course.deleteCourse', { courseid: 'multi' }))).toBe('1');
  });
});

const FIXTURES = join(__dirname, '../../../shared/fixtures/scorm');
const haveFixtures = existsSync(join(FIXTURES, 'SOURCES.md'));
if (!haveFixtures) console.log(`Skipping the real-package tests: ${FIXTURES} does not exist.`);

(haveFixtures ? describe : describe.skip)('real packages from the shared fixtures', () => {
  const fixture = (name: string) => readFileSync(join(FIXTURES, name));

  it('imports the SCORM 1.2 golf single-SCO package with its exact title', async () => {
    const { rsp } = await importAndWait(emu, 'golf12', fixture('scorm12_golf_cp_singlesco.zip'));
    expect(resultOf(rsp)['@successful']).toBe('true');
    expect(resultOf(rsp).title).toBe('Golf Explained - CP Single SCO');
  });

  it('imports the SCORM 2004 3rd edition golf runtime package with its exact title', async () => {
    const { rsp } = await importAndWait(emu, 'golf2004', fixture('scorm2004_3rd_golf_runtime_basic.zip'));
    expect(resultOf(rsp).title).toBe('Golf Explained - Run-time Basic Calls');
    const detail = expectOk(await call(emu, 'rustici.course.getCourseDetail', { courseid: 'golf2004' }));
    expect(detail.course[0].learningStandard).toBe('scorm_2004_3rd_edition');
  });

  it('rejects the deliberately malformed manifest', async () => {
    const { rsp } = await importAndWait(emu, 'malformed', fixture('broken_malformed_manifest_scorm12.zip'));
    expect(rsp.status).toBe('error');
    expect(rsp.error['#text']).toMatch(/not well-formed/);
  });

  it('rejects the zip without a manifest', async () => {
    const { rsp } = await importAndWait(emu, 'nomanifest', fixture('invalid_no_manifest.zip'));
    expect(rsp.status).toBe('error');
    expect(rsp.error['#text']).toMatch(/contains no course/);
  });
});
