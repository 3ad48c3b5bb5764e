/**
 * SCORM 2004 pre-condition rules and rollup over HTTP, against the real core and player routes: forced
 * sequential order through objectives mapped to globals, skip and hiddenFromChoice on an activity's own
 * completion and attempt, a disabled cluster waiting for the rolled-up success of the one before it, and
 * a child left out of its parent's success rollup.
 */
import type { RunningEmulator } from '../../src';
import { buildZip, call, createReg, expectOk, importAndWait, launchInPlayer, playerFetch, start } from '../helpers';
import { forcedSequentialSequencing, scorm2004RulesManifest } from '../../../tests/helpers/packages';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  const files = (ids: string[]) => Object.fromEntries(ids.map((id) => [`${id}.html`, `<p>${id}</p>`]));

  await importAndWait(
    emu,
    'forced',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Forced Sequential',
        clusters: [
          {
            id: 'module_1',
            title: 'Module',
            sequencing: '<imsss:controlMode choice="true" flow="true"/>',
            scos: [
              { id: 'S1', title: 'One', href: 'S1.html', sequencing: forcedSequentialSequencing('obj.S1') },
              { id: 'S2', title: 'Two', href: 'S2.html', sequencing: forcedSequentialSequencing('obj.S2', 'obj.S1') },
              { id: 'S3', title: 'Three', href: 'S3.html', sequencing: forcedSequentialSequencing('obj.S3', 'obj.S2') },
            ],
          },
        ],
      }),
      ...files(['S1', 'S2', 'S3']),
    }),
  );

  await importAndWait(
    emu,
    'own-state',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Own State',
        clusters: [
          {
            id: 'module_1',
            title: 'Module',
            scos: [
              { id: 'intro', title: 'Intro', href: 'intro.html' },
              {
                id: 'review',
                title: 'Review',
                href: 'review.html',
                // Once completed, flow passes over it.
                sequencing:
                  '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="completed"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules>',
              },
              {
                id: 'final',
                title: 'Final',
                href: 'final.html',
                // Reached by flow the first time, chosen only once attempted.
                sequencing:
                  '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition operator="not" condition="attempted"/></imsss:ruleConditions><imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule></imsss:sequencingRules>',
              },
            ],
          },
        ],
      }),
      ...files(['intro', 'review', 'final']),
    }),
  );

  await importAndWait(
    emu,
    'clusters',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Two Modules',
        clusters: [
          {
            id: 'mod_a',
            title: 'Module A',
            // The module's rolled-up success is written to a global the next module reads.
            sequencing:
              '<imsss:objectives><imsss:primaryObjective objectiveID="mod_a_done"><imsss:mapInfo targetObjectiveID="g.modA" writeSatisfiedStatus="true"/></imsss:primaryObjective></imsss:objectives>',
            scos: [
              { id: 'a1', title: 'A1', href: 'a1.html' },
              // Its failure does not fail the module.
              { id: 'a2', title: 'A2 (practice)', href: 'a2.html', sequencing: '<imsss:rollupRules rollupObjectiveSatisfied="false"/>' },
            ],
          },
          {
            id: 'mod_b',
            title: 'Module B',
            sequencing:
              // An unknown status makes `not satisfied` unknown (SCORM's three-valued logic), hence the second condition.
              '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any"><imsss:ruleCondition referencedObjective="a_done" operator="not" condition="satisfied"/><imsss:ruleCondition referencedObjective="a_done" operator="not" condition="objectiveStatusKnown"/></imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule></imsss:sequencingRules>' +
              '<imsss:objectives><imsss:primaryObjective objectiveID="mod_b_done"/><imsss:objective objectiveID="a_done"><imsss:mapInfo targetObjectiveID="g.modA"/></imsss:objective></imsss:objectives>',
            scos: [{ id: 'b1', title: 'B1', href: 'b1.html' }],
          },
        ],
      }),
      ...files(['a1', 'a2', 'b1']),
    }),
  );
  await importAndWait(
    emu,
    'stop-forward',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Stop Forward',
        clusters: [
          {
            id: 'module_1',
            title: 'Module',
            scos: [
              {
                id: 'lesson',
                title: 'Lesson',
                href: 'lesson.html',
                // Nothing after the lesson may be chosen from it until it is completed.
                sequencing:
                  '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition operator="not" condition="completed"/></imsss:ruleConditions><imsss:ruleAction action="stopForwardTraversal"/></imsss:preConditionRule></imsss:sequencingRules>',
              },
              { id: 'practice', title: 'Practice', href: 'practice.html' },
              { id: 'quiz', title: 'Quiz', href: 'quiz.html' },
            ],
          },
        ],
      }),
      ...files(['lesson', 'practice', 'quiz']),
    }),
  );
});
afterAll(() => emu.close());

const launch = (regid: string) => launchInPlayer(emu, regid);
const player = (launchId: string, path: string, init?: RequestInit) => playerFetch(emu, launchId, path, init);
async function open(launchId: string, activityId: string, request: 'choice' | 'flow' | 'start') {
  const res = await player(launchId, `activities/${activityId}/data?request=${request}`);
  return { status: res.status, body: (await res.json()) as { error?: string; refused?: boolean } };
}
async function commit(launchId: string, activityId: string, cmi: Record<string, string>) {
  const res = await player(launchId, `activities/${activityId}/commit?finish=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(cmi),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { activities: Array<{ id: string; status: string; disabled?: true; skip?: true; hiddenFromChoice?: true }> };
}
const disabledIn = (list: Array<{ id: string; disabled?: true }>) => list.filter((a) => a.disabled).map((a) => a.id);
const config = async (launchId: string) => {
  const html = await (await player(launchId, '')).text();
  return { html, config: JSON.parse(/<script type="application\/json" id="scorm-player-config">(.*?)<\/script>/s.exec(html)![1]) };
};
const activityReport = async (regid: string) =>
  expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid, resultsformat: 'activity' })).registrationreport.activity[0];

describe('SCORM 2004 pre-condition rules', () => {
  it('forces sequential order through objectives mapped to globals: each SCO is disabled until the one before is satisfied', async () => {
    await createReg(emu, 'forced', 'forced-1');
    const id = await launch('forced-1');
    const page = await config(id);
    expect(page.config.activities.filter((a: any) => a.url).map((a: any) => [a.id, !!a.disabled])).toEqual([
      ['item_S1', false],
      ['item_S2', true],
      ['item_S3', true],
    ]);
    expect(page.html).toContain('data-activity-id="item_S2" data-status="not attempted" disabled data-rule="disabled">Two</button>');
    expect(page.html).toContain('data-activity-id="item_S1" data-status="incomplete">One</button>');

    // Neither choice nor flow delivers a disabled SCO; the refusal names it.
    const refused = await open(id, 'item_S2', 'choice');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ refused: true });
    expect(refused.body.error).toMatch(/^Two is disabled by the course's sequencing rules/);
    expect((await open(id, 'item_S2', 'flow')).status).toBe(403);

    expect((await open(id, 'item_S1', 'start')).status).toBe(200);
    // Completed but failed: S2 stays disabled (its previous objective is known, not satisfied).
    let reply = await commit(id, 'item_S1', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' });
    expect(reply.activities.map((a) => [a.id, a.status])).toEqual([
      ['item_S1', 'failed'],
      ['item_S2', 'not attempted'],
      ['item_S3', 'not attempted'],
    ]);
    expect(disabledIn(reply.activities)).toEqual(['item_S2', 'item_S3']);

    reply = await commit(id, 'item_S1', { 'cmi.success_status': 'passed' });
    expect(disabledIn(reply.activities)).toEqual(['item_S3']);
    expect((await open(id, 'item_S2', 'choice')).status).toBe(200);
    reply = await commit(id, 'item_S2', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    expect(disabledIn(reply.activities)).toEqual([]);
    expect((await open(id, 'item_S3', 'flow')).status).toBe(200);

    // The module and the course roll up over the SCOs: complete and passed only with the third.
    let root = await activityReport('forced-1');
    expect([root.complete, root.success]).toEqual(['incomplete', 'unknown']);
    await commit(id, 'item_S3', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    root = await activityReport('forced-1');
    const module = root.children.activity[0];
    expect([module['@id'], module.complete, module.success]).toEqual(['module_1', 'complete', 'passed']);
    expect([root.complete, root.success]).toEqual(['complete', 'passed']);

    // A new launch of the same registration keeps the rules' state: nothing is disabled any more.
    const again = await config(await launch('forced-1'));
    expect(again.config.activities.filter((a: any) => a.disabled)).toEqual([]);
  });

  it('skips a SCO by flow once it is completed, and hides one from choice until it was attempted', async () => {
    await createReg(emu, 'own-state', 'own-1');
    const id = await launch('own-1');
    const { config: c, html } = await config(id);
    expect(c.activities.filter((a: any) => a.url).map((a: any) => [a.id, !!a.skip, !!a.hiddenFromChoice])).toEqual([
      ['item_intro', false, false],
      ['item_review', false, false],
      ['item_final', false, true],
    ]);
    expect(html).toContain('data-activity-id="item_final" data-status="not attempted" disabled hidden>Final</button>');

    const hidden = await open(id, 'item_final', 'choice');
    expect(hidden.status).toBe(403);
    expect(hidden.body.error).toMatch(/^Final cannot be chosen/);
    // Flow still reaches it, and once attempted it may be chosen.
    expect((await open(id, 'item_final', 'flow')).status).toBe(200);
    let reply = await commit(id, 'item_final', { 'cmi.completion_status': 'incomplete' });
    expect(reply.activities.find((a) => a.id === 'item_final')).toEqual({ id: 'item_final', status: 'incomplete' });
    expect((await open(id, 'item_final', 'choice')).status).toBe(200);

    expect((await open(id, 'item_review', 'flow')).status).toBe(200);
    reply = await commit(id, 'item_review', { 'cmi.completion_status': 'completed' });
    expect(reply.activities.find((a) => a.id === 'item_review')).toEqual({ id: 'item_review', status: 'completed', skip: true });
    // Skip is about flow: a choice of the skipped SCO still opens it.
    expect((await open(id, 'item_review', 'choice')).status).toBe(200);
  });

  it('stops a choice forward past a SCO whose stopForwardTraversal rule holds, from where the learner is', async () => {
    await createReg(emu, 'stop-forward', 'stop-1');
    const id = await launch('stop-1');
    expect((await config(id)).config.activities.filter((a: any) => a.url).map((a: any) => [a.id, !!a.stopForwardTraversal])).toEqual([
      ['item_lesson', true],
      ['item_practice', false],
      ['item_quiz', false],
    ]);
    expect((await open(id, 'item_lesson', 'start')).status).toBe(200);
    const refused = await open(id, 'item_quiz', 'choice');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("Quiz cannot be chosen yet: the course's sequencing rules stop the learner going forward past Lesson.");
    expect((await open(id, 'item_practice', 'choice')).status).toBe(403);
    // Flow is not choice: Continue still leads on.
    expect((await open(id, 'item_practice', 'flow')).status).toBe(200);
    // From the practice SCO the lesson is behind the learner: nothing stops a choice forward.
    expect((await open(id, 'item_quiz', 'choice')).status).toBe(200);
    // Back at the lesson, completing it lifts the rule.
    expect((await open(id, 'item_lesson', 'choice')).status).toBe(200);
    expect((await open(id, 'item_quiz', 'choice')).status).toBe(403);
    const reply = await commit(id, 'item_lesson', { 'cmi.completion_status': 'completed' });
    expect(reply.activities.find((a) => a.id === 'item_lesson')).toEqual({ id: 'item_lesson', status: 'completed' });
    expect((await open(id, 'item_quiz', 'choice')).status).toBe(200);
  });

  it('disables a module until the rolled-up success of the one before it, where a practice SCO does not count', async () => {
    await createReg(emu, 'clusters', 'clusters-1');
    const id = await launch('clusters-1');
    expect((await config(id)).config.activities.map((a: any) => [a.id, !!a.disabled])).toEqual([
      ['mod_a', false],
      ['item_a1', false],
      ['item_a2', false],
      ['mod_b', false],
      ['item_b1', true],
    ]);
    expect((await open(id, 'item_b1', 'choice')).body.error).toMatch(/^B1 is disabled by the course's sequencing rules \(a rule of Module B\)/);

    await open(id, 'item_a2', 'choice');
    let reply = await commit(id, 'item_a2', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' });
    expect(disabledIn(reply.activities)).toEqual(['item_b1']);
    await open(id, 'item_a1', 'choice');
    reply = await commit(id, 'item_a1', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    expect(disabledIn(reply.activities)).toEqual([]);

    const root = await activityReport('clusters-1');
    const modA = root.children.activity[0];
    expect(modA.children.activity.map((a: any) => [a['@id'], a.success])).toEqual([
      ['item_a1', 'passed'],
      ['item_a2', 'failed'],
    ]);
    // A2's failure is left out of Module A's success by its rollupObjectiveSatisfied="false".
    expect([modA['@id'], modA.complete, modA.success]).toEqual(['mod_a', 'complete', 'passed']);
  });
});
