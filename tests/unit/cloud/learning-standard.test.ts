import { learningStandardOf } from '../../../server/src/cloud/learning-standard';

describe('learning standards in one vocabulary', () => {
  it.each([
    ['SCORM12', 'scorm12'],
    ['scorm_12', 'scorm12'],
    ['SCORM11', 'scorm11'],
    ['SCORM20042NDEDITION', 'scorm2004-2nd'],
    ['scorm_2004_3rd_edition', 'scorm2004-3rd'],
    ['SCORM20043RDEDITION', 'scorm2004-3rd'],
    ['scorm_2004_4th_edition', 'scorm2004-4th'],
    ['AICC', 'aicc'],
    ['aicc', 'aicc'],
    ['CMI5', 'cmi5'],
    ['cmi5', 'cmi5'],
    ['XAPI', 'xapi'],
    ['LTI13', 'lti13'],
    ['UNKNOWN', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    ['scorm_3000', 'unknown'],
  ])('%s is %s', (given, expected) => {
    expect(learningStandardOf(given)).toBe(expected);
  });
});
