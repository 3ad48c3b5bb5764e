/**
 * SCORM 2004 rules that act once an attempt ends, and rollup rules, over HTTP against the real core and
 * player routes: a quiz retried until passed within its attempt limit, a pretest that ends its module
 * (exitParent) and a module whose post-condition continues, an exit rule ending a module, exitAll, and a module
 * rolled up by an atLeastCount rule, by weighted measure and by satisfiedByMeasure.
 */
import type { RunningEmulator } from '../../src';
import { buildZip, call, createReg, expectOk, importAndWait, launchInPlayer, playerFetch, start } from '../helpers';
import { scorm2004RulesManifest } from '../../../tests/helpers/packages';

const rule = (kind: 'postConditionRule' | 'exitConditionRule', action: string, conditions: string, combination?: 'any' | 'all') =>
  `<imsss:${kind}><imsss:ruleConditions${combination ? ` conditionCombination="${combination}"` : ''}>${conditions}</imsss:ruleConditions><imsss:ruleAction action="${action}"/></imsss:${kind}>`;
const cond = (condition: string, not = false, extra = '') => `<imsss:ruleCondition${not ? ' operator="not"' : ''} condition="${condition}"${extra}/>`;
const rules = (...r: string[]) => `<imsss:sequencingRules>${r.join('')}</imsss:sequencingRules>`;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
  const files = (ids: string[]) => Object.fromEntries(ids.map((id) => [`${id}.html`, `<p>${id}</p>`]));

  await importAndWait(
    emu,
    'retry',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Retake',
        clusters: [
          {
            id: 'module_1',
            title: 'Assessment',
            scos: [
              {
                id: 'quiz',
                title: 'Final Quiz',
                href: 'quiz.html',
                // Retaken while not passed, at most three attempts in all.
                sequencing: `${rules(rule('postConditionRule', 'retry', cond('satisfied', true)))}<imsss:limitConditions attemptLimit="3"/>`,
              },
              // The certificate is the end: the course is left once it has been seen.
              { id: 'after', title: 'Certificate', href: 'after.html', sequencing: rules(rule('postConditionRule', 'exitAll', cond('always'))) },
            ],
          },
        ],
      }),
      ...files(['quiz', 'after']),
    }),
  );

  await importAndWait(
    emu,
    'pretest',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Test Out',
        clusters: [
          {
            id: 'mod_1',
            title: 'Module One',
            scos: [
              // Passing the pretest ends the module: its lessons are not needed.
              { id: 'pre', title: 'Pretest', href: 'pre.html', sequencing: rules(rule('postConditionRule', 'exitParent', cond('satisfied'))) },
              { id: 'l1', title: 'Lesson 1', href: 'l1.html' },
              { id: 'l2', title: 'Lesson 2', href: 'l2.html' },
            ],
            // A module that ended by a rule goes on to the next one.
            sequencing: rules(rule('postConditionRule', 'continue', cond('always'))),
          },
          {
            id: 'mod_2',
            title: 'Module Two',
            scos: [
              { id: 'm2', title: 'Module Two Lesson', href: 'm2.html' },
              { id: 'gate', title: 'Gate', href: 'gate.html' },
            ],
            // Once the module is completed it ends, wherever the learner is in it.
            sequencing: rules(rule('exitConditionRule', 'exit', cond('completed'))),
          },
        ],
      }),
      ...files(['pre', 'l1', 'l2', 'm2', 'gate']),
    }),
  );

  await importAndWait(
    emu,
    'rollup',
    await buildZip({
      'imsmanifest.xml': scorm2004RulesManifest({
        title: 'Rolled Up',
        clusters: [
          {
            id: 'mod_any',
            title: 'Any Two',
            // Satisfied once two of its three quizzes are passed, whatever the third says.
            sequencing:
              '<imsss:rollupRules><imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2"><imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule></imsss:rollupRules>',
            scos: [
              { id: 'q1', title: 'Q1', href: 'q1.html' },
              { id: 'q2', title: 'Q2', href: 'q2.html' },
              { id: 'q3', title: 'Q3', href: 'q3.html' },
            ],
          },
          {
            id: 'mod_measure',
            title: 'Weighted',
            // Passed by its measure: the exam counts three times as much as the practice.
            sequencing:
              '<imsss:objectives><imsss:primaryObjective objectiveID="weighted" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>',
            scos: [
              { id: 'practice', title: 'Practice', href: 'practice.html', sequencing: '<imsss:rollupRules objectiveMeasureWeight="0.25"/>' },
              { id: 'exam', title: 'Exam', href: 'exam.html', sequencing: '<imsss:rollupRules objectiveMeasureWeight="0.75"/>' },
            ],
          },
        ],
      }),
      ...files(['q1', 'q2', 'q3', 'practice', 'exam']),
    }),
  );
});
afterAll(() => emu.close());

const launch = (regid: string) => launchInPlayer(emu, regid);
const player = (launchId: string, path: string, init?: RequestInit) => playerFetch(emu, launchId, path, init);
async function open(launchId: string, activityId: string) {
  const res = await player(launchId, `activities/${activityId}/data?request=flow`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { resumeData: Record<string, string> }).resumeData;
}
async function finish(launchId: string, activityId: string, cmi: Record<string, string>) {
  const res = await player(launchId, `activities/${activityId}/commit?finish=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(cmi),
  });
  expect(res.status).toBe(200);
}
async function ended(launchId: string, activityId: string) {
  const res = await player(launchId, `activities/${activityId}/ended`, { method: 'POST' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { after: Record<string, string> | null }).after;
}
const activityReport = async (regid: string) =>
  expectOk(await call(emu, 'rustici.registration.getRegistrationResult', { regid, resultsformat: 'activity' })).registrationreport.activity[0];
const sco = (root: any, moduleIndex: number, index: number) => root.children.activity[moduleIndex].children.activity[index];

describe('SCORM 2004 post-condition and exit rules', () => {
  it('retries a failed quiz with its data started afresh, and stops at its attempt limit', async () => {
    await createReg(emu, 'retry', 'retry-1');
    const id = await launch('retry-1');
    await open(id, 'item_quiz');
    await finish(id, 'item_quiz', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.4', 'cmi.location': 'q7' });
    expect(await ended(id, 'item_quiz')).toEqual({ request: 'retry', firstSco: 'item_quiz', lastSco: 'item_quiz' });

    // The second attempt starts with nothing of the first, which is counted.
    expect(await open(id, 'item_quiz')).toEqual({});
    let quiz = sco(await activityReport('retry-1'), 0, 0);
    expect([quiz.attempts, quiz.complete, quiz.success]).toEqual(['2', 'incomplete', 'unknown']);

    await finish(id, 'item_quiz', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' });
    expect((await ended(id, 'item_quiz'))?.request).toBe('retry');
    await open(id, 'item_quiz');
    await finish(id, 'item_quiz', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.55' });
    // Three attempts used: the rule still asks for a retry, which is refused with the reason, and the
    // third attempt's results stay.
    expect(await ended(id, 'item_quiz')).toEqual({
      firstSco: 'item_quiz',
      lastSco: 'item_quiz',
      refused: 'Final Quiz has had the 3 attempts the course allows.',
    });
    quiz = sco(await activityReport('retry-1'), 0, 0);
    expect([quiz.attempts, quiz.complete, quiz.success, quiz.score]).toEqual(['3', 'complete', 'failed', '55']);
  });

  it('asks for nothing when the quiz is passed: the SCO’s own request decides', async () => {
    await createReg(emu, 'retry', 'retry-2');
    const id = await launch('retry-2');
    await open(id, 'item_quiz');
    await finish(id, 'item_quiz', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    expect(await ended(id, 'item_quiz')).toBeNull();
  });

  it('ends a module from its pretest and continues after it, and ends a module by its exit rule', async () => {
    await createReg(emu, 'pretest', 'pretest-1');
    const id = await launch('pretest-1');
    await open(id, 'item_pre');
    // Failed: no rule holds, the learner goes through the lessons.
    await finish(id, 'item_pre', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' });
    expect(await ended(id, 'item_pre')).toBeNull();

    await open(id, 'item_pre');
    await finish(id, 'item_pre', { 'cmi.success_status': 'passed' });
    // Passed: the module ends, and its own rule continues from its last SCO, so past the lessons.
    expect(await ended(id, 'item_pre')).toEqual({ request: 'continue', firstSco: 'item_pre', lastSco: 'item_l2' });

    await open(id, 'item_gate');
    await finish(id, 'item_gate', { 'cmi.completion_status': 'completed' });
    // The lesson is not complete yet, so neither is Module Two: its exit rule waits.
    expect(await ended(id, 'item_gate')).toBeNull();
    await open(id, 'item_m2');
    await finish(id, 'item_m2', { 'cmi.completion_status': 'completed' });
    // Now it holds: the module ends, and the lesson's own request goes on from the module's last SCO.
    expect(await ended(id, 'item_m2')).toEqual({ firstSco: 'item_m2', lastSco: 'item_gate' });
  });

  it('leaves the course from a SCO whose post-condition says exitAll', async () => {
    await createReg(emu, 'retry', 'retry-3');
    const id = await launch('retry-3');
    await open(id, 'item_after');
    await finish(id, 'item_after', { 'cmi.completion_status': 'completed' });
    expect(await ended(id, 'item_after')).toEqual({ request: 'exitAll', firstSco: 'item_after', lastSco: 'item_after' });
  });

  it('answers 404 for an activity the course does not have', async () => {
    await createReg(emu, 'pretest', 'pretest-404');
    const id = await launch('pretest-404');
    expect((await player(id, 'activities/item_nope/ended', { method: 'POST' })).status).toBe(404);
    expect((await player(id, 'activities/item_pre/ended')).status).toBe(405);
  });
});

describe('SCORM 2004 rollup rules', () => {
  it('satisfies a module by an atLeastCount rule although one of its SCOs failed', async () => {
    await createReg(emu, 'rollup', 'rollup-1');
    const id = await launch('rollup-1');
    await open(id, 'item_q1');
    await finish(id, 'item_q1', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    await open(id, 'item_q3');
    await finish(id, 'item_q3', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' });
    // One passed: the rule does not fire, and the default not-satisfied rule (a child failed) does.
    expect((await activityReport('rollup-1')).children.activity[0].success).toBe('failed');
    await open(id, 'item_q2');
    await finish(id, 'item_q2', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' });
    const module = (await activityReport('rollup-1')).children.activity[0];
    expect([module['@id'], module.complete, module.success]).toEqual(['mod_any', 'complete', 'passed']);
  });

  it('rolls a module’s score up by the children’s weights and passes it by that measure', async () => {
    await createReg(emu, 'rollup', 'rollup-2');
    const id = await launch('rollup-2');
    await open(id, 'item_practice');
    await finish(id, 'item_practice', { 'cmi.completion_status': 'completed', 'cmi.score.scaled': '1' });
    await open(id, 'item_exam');
    await finish(id, 'item_exam', { 'cmi.completion_status': 'completed', 'cmi.score.scaled': '0.4' });
    // 0.25 × 100 + 0.75 × 40 = 55: below the 0.6 the module asks for.
    let module = (await activityReport('rollup-2')).children.activity[1];
    expect([module['@id'], module.score, module.success]).toEqual(['mod_measure', '55', 'failed']);
    await open(id, 'item_exam');
    await finish(id, 'item_exam', { 'cmi.score.scaled': '0.5' });
    // 25 + 37.5 = 62.5.
    module = (await activityReport('rollup-2')).children.activity[1];
    expect([module.score, module.success]).toEqual(['62.5', 'passed']);
  });
});
