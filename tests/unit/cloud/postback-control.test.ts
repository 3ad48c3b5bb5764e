/**
 * A control character in a postback's report (a NUL byte above all, which PostgreSQL cannot hold in text
 * and which the postback route's fuzz test sent) is refused as a bad body before anything is looked up:
 * XML 1.0 forbids such characters and JSON must escape them, so SCORM Cloud never sends one raw.
 */
import { CloudPostbackError, parsePostback } from '../../../server/src/cloud/postback';

const FORM = 'application/x-www-form-urlencoded';
const form = (data: string) => ({
  contentType: FORM,
  body: Buffer.from(new URLSearchParams({ username: 'u', password: 'p', data }).toString()),
  maxBytes: 65536,
});
const xml = (regid: string) =>
  `<registrationreport format="course" regid="${regid}" instanceid="0"><complete>complete</complete><success>unknown</success><totaltime>0</totaltime><score>unknown</score></registrationreport>`;
const json = (id: string) => JSON.stringify({ id, instance: 0, registrationCompletion: 'COMPLETED', registrationSuccess: 'UNKNOWN', totalSecondsTracked: 0 });

describe('control characters in a postback', () => {
  it.each([
    ['a NUL in an XML attribute', xml('r\u0000x'), 'U+0000'],
    ['an escape character in XML text', xml('r1').replace('complete</complete>', 'comp\u001Blete</complete>'), 'U+001B'],
    ['a raw NUL in a JSON string', json('r1').replace('"r1"', '"r\u0000x"'), 'U+0000'],
    ['a NUL escaped in a JSON registration ID', json('r\u0000x'), 'registration ID holding control character U+0000'],
    ['an escape character escaped in a JSON registration ID', json('r\u001bx'), 'U+001B'],
    ['an XML character reference to a control character in the registration ID', xml('r&#1;x'), 'U+0001'],
  ])('refuses %s as a bad body', (_what, data, named) => {
    let error: unknown;
    try {
      parsePostback(form(data));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudPostbackError);
    expect((error as CloudPostbackError).reason).toBe('body');
    expect((error as Error).message).toContain(named);
  });

  it('reads tab and line breaks, raw or escaped, and an escaped control character outside the registration ID', () => {
    expect(parsePostback(form(`\n\t${xml('r1')}\r\n`)).report).toMatchObject({ registrationId: 'r1', complete: 'complete' });
    expect(parsePostback(form(json('r\t1\n'))).report).toMatchObject({ registrationId: 'r\t1\n' });
    // A learner's suspend data or a course title may hold one; the report is SCORM Cloud's and is read.
    const withTitle = JSON.stringify({ ...JSON.parse(json('r1')), course: { id: 'c1', title: 'Golf\u0000 101', version: 0 } });
    expect(withTitle).toContain('\\u0000');
    expect(parsePostback(form(withTitle)).report).toMatchObject({ registrationId: 'r1' });
  });
});
