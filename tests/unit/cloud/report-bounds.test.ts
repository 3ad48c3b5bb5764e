/**
 * Instance numbers and totals of seconds are whole numbers from 0 to 2^31 - 1 in reports of both versions:
 * larger values (found by the postback route's fuzz test, from a forged report) cannot be SCORM Cloud's and
 * would not fit the columns that keep them, so they are refused as the field they are in.
 */
import { CloudResponseError } from '../../../server/src/cloud/errors';
import { parseRegistrationReport } from '../../../server/src/cloud/parse/registration-report';
import { registrationReportFromV2 } from '../../../server/src/cloud/v2/registration-report';

const xml = (instance: string, totaltime: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rsp stat="ok"><registrationreport format="course" regid="r1" instanceid="${instance}"><complete>complete</complete><success>passed</success><totaltime>${totaltime}</totaltime><score>80</score></registrationreport></rsp>`;
const json = (instance: unknown, totalSecondsTracked: unknown) => ({
  id: 'r1',
  instance,
  registrationCompletion: 'COMPLETED',
  registrationSuccess: 'PASSED',
  totalSecondsTracked,
});

describe('report bounds', () => {
  it('reads the largest instance number and total a report may carry', () => {
    expect(parseRegistrationReport(xml('2147483647', '2147483647'))).toMatchObject({ instanceId: 2147483647, totalTimeSeconds: 2147483647 });
    expect(registrationReportFromV2(json(2147483647, 2147483647), 'course')).toMatchObject({ instanceId: 2147483647, totalTimeSeconds: 2147483647 });
  });

  it.each([
    ['instance', xml('2147483648', '10'), /registrationreport\/@instanceid.*from 0 to 2147483647/],
    ['instance', xml('36028797018963964', '10'), /registrationreport\/@instanceid/],
    ['instance', xml('-1', '10'), /registrationreport\/@instanceid/],
    ['total time', xml('0', '2147483648'), /totaltime.*from 0 to 2147483647/],
  ])('refuses a V1 %s out of range', (_what, body, message) => {
    expect(() => parseRegistrationReport(body)).toThrow(CloudResponseError);
    expect(() => parseRegistrationReport(body)).toThrow(message);
  });

  it.each([
    ['instance', json(2147483648, 10), /registration\.instance.*from 0 to 2147483647/],
    ['instance', json(-3, 10), /registration\.instance/],
    ['total time', json(0, 1e12), /registration\.totalSecondsTracked.*from 0 to 2147483647/],
    ['total time', json(0, -5), /registration\.totalSecondsTracked/],
  ])('refuses a V2 %s out of range', (_what, body, message) => {
    expect(() => registrationReportFromV2(body, 'course')).toThrow(CloudResponseError);
    expect(() => registrationReportFromV2(body, 'course')).toThrow(message);
  });
});
