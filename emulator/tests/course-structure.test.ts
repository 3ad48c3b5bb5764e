/**
 * A course's activity tree and which version each registration is on, as both APIs tell them: V2's
 * `rootActivity` and `course.version`, V1's `getManifest` and the instances' `courseVersion`.
 */
import type { RunningEmulator } from '../src';
import { APP, buildZip, call, callRaw, createReg, expectOk, importAndWait, scorm12Single, signedQuery, start } from './helpers';
import { createRegV2, importV2, v2 } from './v2/helpers';

const Scorm = require('@rusticisoftware/scormcloud-api-v2-client-javascript');

/** Three SCOs (two in a module) and one asset, in the default organization; another organization has one more SCO. */
const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.structure" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="main">
    <organization identifier="main"><title>Structure</title>
      <item identifier="module"><title>Module</title>
        <item identifier="i1" identifierref="r1"><title>One</title></item>
        <item identifier="i2" identifierref="r2"><title>Two</title></item>
      </item>
      <item identifier="i3" identifierref="r3"><title>Three</title></item>
      <item identifier="handout" identifierref="r4"><title>Handout</title></item>
    </organization>
    <organization identifier="spare"><title>Spare</title><item identifier="s1" identifierref="r5"><title>Spare</title></item></organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="1.html"><file href="1.html"/></resource>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="2.html"><file href="2.html"/></resource>
    <resource identifier="r3" type="webcontent" adlcp:scormType="sco" href="3.html"><file href="3.html"/></resource>
    <resource identifier="r4" type="webcontent" adlcp:scormType="asset" href="handout.html"><file href="handout.html"/></resource>
    <resource identifier="r5" type="webcontent" adlcp:scormType="sco" href="5.html"><file href="5.html"/></resource>
  </resources>
</manifest>`;

const page = (t: string) => `<html><body>${t}</body></html>`;
const structured = () =>
  buildZip({
    'imsmanifest.xml': MANIFEST,
    '1.html': page('1'),
    '2.html': page('2'),
    '3.html': page('3'),
    'handout.html': page('h'),
    '5.html': page('5'),
  });

type Activity = { itemIdentifier: string; activityType: string; children: Activity[] };
const shape = (a: Activity): unknown => (a.children.length ? { [a.itemIdentifier]: a.children.map(shape) } : `${a.itemIdentifier}:${a.activityType}`);

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(async () => {
  await emu.close();
});

describe('V2: the activity tree and the registrations on each version', () => {
  it('answers rootActivity from the default organization, each leaf a SCO or an asset as its resource says', async () => {
    await importV2(emu, 'tree', await structured());
    const course = await v2(emu, 'GET', '/courses/tree?includeCourseMetadata=true');
    expect(course.status).toBe(200);
    expect(shape(course.json.rootActivity)).toEqual({ main: [{ module: ['i1:SCO', 'i2:SCO'] }, 'i3:SCO', 'handout:ASSET'] });
    expect(course.json.rootActivity.activityType).toBe('AGGREGATION');
    const version = await v2(emu, 'GET', '/courses/tree/versions/0?includeCourseMetadata=true');
    expect(shape(version.json.rootActivity)).toEqual(shape(course.json.rootActivity));
  });

  it('gives each version its own tree, and keeps a registration on the version it was made on', async () => {
    await importV2(emu, 'moving', await structured());
    await createRegV2(emu, 'moving', 'moving-old');
    expect((await importV2(emu, 'moving', await scorm12Single('One SCO'), '&mayCreateNewVersion=true')).status).toBe('COMPLETE');
    await createRegV2(emu, 'moving', 'moving-new');
    expect(shape((await v2(emu, 'GET', '/courses/moving?includeCourseMetadata=true')).json.rootActivity)).toEqual({ org_1: ['item_1:SCO'] });
    expect(shape((await v2(emu, 'GET', '/courses/moving/versions/0?includeCourseMetadata=true')).json.rootActivity)).toMatchObject({
      main: expect.any(Array),
    });
    const list = await v2(emu, 'GET', '/registrations?courseId=moving');
    const versions = Object.fromEntries(list.json.registrations.map((r: { id: string; course: { version: number } }) => [r.id, r.course.version]));
    expect(versions).toEqual({ 'moving-old': 0, 'moving-new': 1 });
  });

  it("reads through Rustici's official client: CourseActivitySchema and the registration's course version", async () => {
    const client = Scorm.ApiClient.instance;
    client.basePath = `${emu.url}/api/v2`;
    client.authentications.APP_NORMAL.username = APP.appId;
    client.authentications.APP_NORMAL.password = APP.secretKey;
    const got = <T>(fn: (cb: (e: unknown, d: T) => void) => void) => new Promise<T>((ok, ko) => fn((e, d) => (e ? ko(e) : ok(d))));
    const course = await got<any>((cb) => new Scorm.CourseApi().getCourse('tree', { includeCourseMetadata: true }, cb));
    expect(course.rootActivity).toBeInstanceOf(Scorm.CourseActivitySchema);
    expect(course.rootActivity.children[0].children.map((c: Activity) => c.activityType)).toEqual(['SCO', 'SCO']);
    const regs = await got<any>((cb) => new Scorm.RegistrationApi().getRegistrations({ courseId: 'moving' }, cb));
    expect(regs.registrations.map((r: any) => [r.id, r.course.version]).sort()).toEqual([
      ['moving-new', 1],
      ['moving-old', 0],
    ]);
  });
});

describe('V1: getManifest and the course version of each instance', () => {
  it("answers the package's own imsmanifest.xml, of the version asked for", async () => {
    await importAndWait(emu, 'v1-tree', await structured());
    await importAndWait(emu, 'v1-tree', await scorm12Single('Later'));
    const latest = await callRaw(emu, signedQuery('rustici.course.getManifest', { courseid: 'v1-tree' }));
    expect(latest.status).toBe(200);
    expect(latest.text).toContain('<organization identifier="org_1"><title>Later</title>');
    const first = await callRaw(emu, signedQuery('rustici.course.getManifest', { courseid: 'v1-tree', versionid: '0' }));
    expect(first.text).toBe(MANIFEST);
  });

  it('refuses an unknown course or version with <rsp stat="fail">', async () => {
    const unknown = await call(emu, 'rustici.course.getManifest', { courseid: 'no-such-course' });
    expect(unknown.rsp['@stat']).toBe('fail');
    const version = await call(emu, 'rustici.course.getManifest', { courseid: 'v1-tree', versionid: '7' });
    expect(version.rsp['@stat']).toBe('fail');
  });

  it("lists each registration's instances with the version they are on", async () => {
    await importAndWait(emu, 'v1-moving', await structured());
    await createReg(emu, 'v1-moving', 'v1-old');
    await importAndWait(emu, 'v1-moving', await scorm12Single('Later'));
    await createReg(emu, 'v1-moving', 'v1-new');
    const rsp = expectOk(await call(emu, 'rustici.registration.getRegistrationList', { courseid: 'v1-moving' }));
    const regs = [rsp.registrationlist.registration].flat();
    const versions = Object.fromEntries(regs.map((r: any) => [r['@id'], [r.instances.instance].flat().map((i: any) => String(i.courseVersion))]));
    expect(versions).toEqual({ 'v1-old': ['0'], 'v1-new': ['1'] });
  });
});
