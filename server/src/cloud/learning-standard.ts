/**
 * One vocabulary for a course's learning standard. V2 says `SCORM12`, `SCORM20043RDEDITION`, `CMI5`, ...;
 * V1 says `scorm_12`, `scorm_2004_3rd_edition`, `cmi5` (Rustici Engine's names, lower-cased). Anything
 * else, and the Cloud's own `UNKNOWN`, is `unknown`.
 */
export type LearningStandard = 'scorm11' | 'scorm12' | 'scorm2004-2nd' | 'scorm2004-3rd' | 'scorm2004-4th' | 'aicc' | 'xapi' | 'cmi5' | 'lti13' | 'unknown';

const BY_KEY: Record<string, LearningStandard> = {
  scorm11: 'scorm11',
  scorm12: 'scorm12',
  scorm20042ndedition: 'scorm2004-2nd',
  scorm20043rdedition: 'scorm2004-3rd',
  scorm20044thedition: 'scorm2004-4th',
  aicc: 'aicc',
  xapi: 'xapi',
  tincan: 'xapi',
  cmi5: 'cmi5',
  lti13: 'lti13',
};

export function learningStandardOf(text: string | undefined | null): LearningStandard {
  if (!text) return 'unknown';
  // Both vocabularies agree once case, underscores, spaces and dashes are gone.
  return BY_KEY[text.toLowerCase().replace(/[\s_-]+/g, '')] ?? 'unknown';
}
