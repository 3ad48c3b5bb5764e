import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ScormVersion } from './player/contract';
import { PackageError } from './errors';
import type { ZipPackage, ZipLimits } from './zip';

/** One node of the activity tree: the organization at the root, items below it. */
export interface ActivityNode {
  id: string;
  title: string;
  /** Package-relative launch path (with item parameters) when the item launches content. */
  href?: string;
  scormType?: 'sco' | 'asset';
  /**
   * SCORM 2004 `imsss:controlMode` of this activity, as far as the manifest states it: it governs how the
   * learner may move among the activity's children (choice from the contents, flow by continue/previous).
   */
  controlMode?: { choice?: boolean; flow?: boolean; forwardOnly?: boolean };
  /** SCORM 2004 sequencing of this activity beyond its control mode, as far as the emulator runs it. */
  sequencing?: ActivitySequencing;
  children: ActivityNode[];
}

/** One `imsss:ruleCondition` (or `imsss:rollupCondition`), as the manifest states it. */
export interface RuleCondition {
  condition: string;
  not: boolean;
  referencedObjective?: string;
  /** `measureThreshold` of `objectiveMeasureGreaterThan` / `objectiveMeasureLessThan` (-1 to 1). */
  measureThreshold?: number;
}

/** `imsss:preConditionRule`: when its conditions hold, the action applies to the activity (and its descendants). */
export interface PreConditionRule {
  action: 'disabled' | 'skip' | 'hiddenFromChoice' | 'stopForwardTraversal';
  combination: 'all' | 'any';
  conditions: RuleCondition[];
}

/**
 * `imsss:postConditionRule` (run when an attempt on the activity ends) and `imsss:exitConditionRule`
 * (action `exit`: run on the ancestors of the activity that ended).
 */
export interface SequencingRule<A extends string> {
  action: A;
  combination: 'all' | 'any';
  conditions: RuleCondition[];
}
export type PostConditionAction = 'exitParent' | 'exitAll' | 'retry' | 'retryAll' | 'continue' | 'previous';

/** `imsss:rollupRule`: a condition over the children that sets the activity's success or completion. */
export interface RollupRule {
  childActivitySet: 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
  minimumCount: number;
  /** 0–1. */
  minimumPercent: number;
  /** Rollup conditions combine with `any` unless the manifest says `all` (the schema's default differs from rule conditions'). */
  combination: 'all' | 'any';
  conditions: RuleCondition[];
  action: 'satisfied' | 'notSatisfied' | 'completed' | 'incomplete';
}

/** One `imsss:objective` / `imsss:primaryObjective`, with the global objectives it reads and writes. */
export interface ObjectiveSpec {
  id: string;
  primary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  maps: Array<{ target: string; readSatisfied: boolean; writeSatisfied: boolean }>;
}

export interface ActivitySequencing {
  preConditionRules?: PreConditionRule[];
  postConditionRules?: Array<SequencingRule<PostConditionAction>>;
  exitConditionRules?: Array<SequencingRule<'exit'>>;
  rollupRules?: RollupRule[];
  /** `imsss:limitConditions attemptLimit`: attempts on the activity beyond it are not begun. */
  attemptLimit?: number;
  /** `imsss:rollupRules objectiveMeasureWeight` (0–1, default 1): this activity's weight in its parent's score. */
  measureWeight?: number;
  objectives?: ObjectiveSpec[];
  /** `imsss:rollupRules` attributes: whether this activity counts in its parent's satisfied / completion rollup. */
  rollupObjectiveSatisfied?: boolean;
  rollupProgressCompletion?: boolean;
}

export interface ParsedCourse {
  standard: ScormVersion;
  /** `1.2`, `2004 2nd Edition`, `2004 3rd Edition`, `2004 4th Edition`, `AICC`, `cmi5`. */
  edition: string;
  /** The schemaversion text exactly as the manifest gives it (empty when absent). */
  schemaVersion: string;
  identifier: string;
  title: string;
  warnings: string[];
  root: ActivityNode;
  entryHref: string;
  entryActivityId: string;
}

type XNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  'organization',
  'item',
  'resource',
  'file',
  'dependency',
  'au',
  'block',
  'langstring',
  'preConditionRule',
  'ruleCondition',
  'objective',
  'mapInfo',
]);

// Entities stay unprocessed by the parser (no entity-expansion attacks); the predefined ones are decoded here.
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

function parseXml(xml: string, fileName: string): XNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new PackageError(`${fileName} is not well-formed XML: ${msg} (line ${line}, column ${col}).`);
  }
  return parser.parse(xml) as XNode;
}

const attrs = (node: unknown): Record<string, string> =>
  node && typeof node === 'object' && '@' in (node as XNode) ? ((node as XNode)['@'] as Record<string, string>) : {};
const attr = (node: unknown, name: string): string => {
  const a = attrs(node);
  const key = Object.keys(a).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? decodeEntities(String(a[key])) : '';
};
const child = (node: unknown, name: string): unknown => (node && typeof node === 'object' ? (node as XNode)[name] : undefined);
const list = (node: unknown, name: string): unknown[] => {
  const value = child(node, name);
  return value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
};
function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return decodeEntities(String(node)).trim();
  if (Array.isArray(node)) return text(node[0]);
  const obj = node as XNode;
  if ('#text' in obj) return text(obj['#text']);
  if ('langstring' in obj) return text(obj.langstring);
  if ('string' in obj) return text(obj.string);
  return '';
}

const isAbsoluteUrl = (href: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');

/** Joins xml:base segments and an href into a normalized package-relative path (query kept). */
function joinPath(...parts: string[]): string {
  const joined = parts
    .filter((p) => p !== '')
    .reduce((acc, part) => {
      if (isAbsoluteUrl(part)) return part;
      if (acc === '' || acc.endsWith('/')) return acc + part;
      return acc + '/' + part;
    }, '');
  if (isAbsoluteUrl(joined)) return joined;
  const [path, ...rest] = joined.split(/(?=[?#])/);
  const segments: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  return segments.join('/') + (path.endsWith('/') && segments.length ? '/' : '') + rest.join('');
}

const filePart = (href: string): string => {
  const path = href.split(/[?#]/)[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

const withParameters = (href: string, parameters: string): string => {
  if (!parameters) return href;
  if (parameters.startsWith('#')) return href + parameters;
  const p = parameters.replace(/^[?&]/, '');
  return href + (href.includes('?') ? '&' : '?') + p;
};

function editionOf(schemaVersion: string): { standard: ScormVersion; edition: string } | undefined {
  const v = schemaVersion.trim().toLowerCase();
  if (v === '1.2') return { standard: 'scorm12', edition: '1.2' };
  if (v === 'cam 1.3' || v === '2004 2nd edition') return { standard: 'scorm2004', edition: '2004 2nd Edition' };
  if (v === '2004 3rd edition') return { standard: 'scorm2004', edition: '2004 3rd Edition' };
  if (v === '2004 4th edition') return { standard: 'scorm2004', edition: '2004 4th Edition' };
  return undefined;
}

function findManifest(zip: ZipPackage): string | undefined {
  const candidates = zip
    .files()
    .map((f) => f.name)
    .filter((n) => /(^|\/)imsmanifest\.xml$/i.test(n) && !n.startsWith('__MACOSX/'))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return candidates[0];
}

/** The package's `imsmanifest.xml` as it was uploaded (V1 `getManifest`); undefined for a package with none (cmi5, AICC). */
export async function readManifestText(zip: ZipPackage, limits: Pick<ZipLimits, 'maxDescriptorBytes'>): Promise<string | undefined> {
  const path = findManifest(zip);
  return path === undefined ? undefined : zip.readText(path, limits.maxDescriptorBytes);
}

/** Recognises and reads the package's descriptor. Throws PackageError for packages that cannot be imported. */
export async function parsePackage(zip: ZipPackage, limits: Pick<ZipLimits, 'maxDescriptorBytes'>): Promise<ParsedCourse> {
  const manifestPath = findManifest(zip);
  if (manifestPath) return parseScorm(zip, manifestPath, limits.maxDescriptorBytes);
  const cmi5 = zip.findInsensitive('cmi5.xml');
  if (cmi5) return parseCmi5(zip, cmi5, limits.maxDescriptorBytes);
  const aicc = zip.files().filter((f) => /\.(crs|au|des|cst)$/i.test(f.name));
  if (aicc.some((f) => /\.crs$/i.test(f.name)) || aicc.some((f) => /\.au$/i.test(f.name))) {
    return parseAicc(
      zip,
      aicc.map((f) => f.name),
      limits.maxDescriptorBytes,
    );
  }
  throw new PackageError(
    'The zip file contains no course: no imsmanifest.xml (SCORM), cmi5.xml (cmi5) or AICC descriptor files (.crs/.au/.des/.cst) were found.',
  );
}

async function parseScorm(zip: ZipPackage, manifestPath: string, maxBytes: number): Promise<ParsedCourse> {
  const xml = (await zip.readText(manifestPath, maxBytes)) ?? '';
  const doc = parseXml(xml, manifestPath);
  const manifest = child(doc, 'manifest');
  if (!manifest || typeof manifest !== 'object') {
    throw new PackageError(`${manifestPath} has no <manifest> root element.`);
  }
  const warnings: string[] = [];
  const folder = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/') + 1) : '';
  const identifier = attr(manifest, 'identifier');

  const schemaVersion = text(child(child(manifest, 'metadata'), 'schemaversion'));
  let version = editionOf(schemaVersion);
  if (!version) {
    const looks2004 = /adlcp_v1p3|imsss|adlseq|adlnav/i.test(xml);
    version = looks2004 ? { standard: 'scorm2004', edition: '2004 3rd Edition' } : { standard: 'scorm12', edition: '1.2' };
    warnings.push(
      schemaVersion
        ? `The manifest's schemaversion '${schemaVersion}' is not a known SCORM version; the package is treated as SCORM ${version.edition}.`
        : `The manifest has no schemaversion in its metadata; the package is treated as SCORM ${version.edition}.`,
    );
  }

  const manifestBase = attr(manifest, 'base');
  const resourcesNode = child(manifest, 'resources');
  const resources = new Map<string, { href: string; scormType: 'sco' | 'asset' }>();
  const missing = new Set<string>();
  const checkFile = (href: string, resourceId: string) => {
    if (isAbsoluteUrl(href)) return;
    const path = filePart(joinPath(folder, href));
    if (path === '' || zip.has(path) || missing.has(path)) return;
    missing.add(path);
    warnings.push(`The file '${path}' named in the manifest (resource '${resourceId}') is missing from the package.`);
  };
  const resourceList = list(resourcesNode, 'resource');
  for (const res of resourceList) {
    const id = attr(res, 'identifier');
    const base = joinPath(manifestBase, attr(resourcesNode, 'base'), attr(res, 'base'));
    const rawHref = attr(res, 'href');
    const href = rawHref ? joinPath(base, rawHref) : '';
    const type = attr(res, 'scormtype').toLowerCase() === 'sco' ? 'sco' : 'asset';
    resources.set(id, { href, scormType: type });
    if (href) checkFile(href, id);
    for (const file of list(res, 'file')) {
      const fileHref = attr(file, 'href');
      if (fileHref) checkFile(joinPath(base, fileHref), id);
    }
  }
  for (const res of resourceList) {
    for (const dep of list(res, 'dependency')) {
      const ref = attr(dep, 'identifierref');
      if (ref && !resources.has(ref)) {
        warnings.push(`Resource '${attr(res, 'identifier')}' depends on the unknown resource '${ref}'.`);
      }
    }
  }

  const orgsNode = child(manifest, 'organizations');
  const orgs = list(orgsNode, 'organization');
  const defaultId = attr(orgsNode, 'default');
  let org = orgs.find((o) => attr(o, 'identifier') === defaultId);
  if (orgs.length > 0 && !org) {
    org = orgs[0];
    warnings.push(
      defaultId
        ? `The default organization '${defaultId}' does not exist in the manifest; the first organization '${attr(org, 'identifier')}' is used.`
        : `The manifest names no default organization; the first organization '${attr(org, 'identifier')}' is used.`,
    );
  }

  const controlModeOf = (node: unknown): ActivityNode['controlMode'] => {
    if (version.standard !== 'scorm2004') return undefined;
    const mode = child(child(node, 'sequencing'), 'controlMode');
    if (!mode) return undefined;
    const flag = (name: string): boolean | undefined => {
      const v = attr(mode, name).trim().toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : undefined;
    };
    const out: NonNullable<ActivityNode['controlMode']> = {};
    for (const name of ['choice', 'flow', 'forwardOnly'] as const) {
      const v = flag(name);
      if (v !== undefined) out[name] = v;
    }
    return Object.keys(out).length ? out : undefined;
  };

  const sequencingOf = (node: unknown): ActivitySequencing | undefined =>
    version.standard === 'scorm2004' ? parseSequencing(child(node, 'sequencing')) : undefined;

  const toActivity = (item: unknown): ActivityNode => {
    const id = attr(item, 'identifier');
    const ref = attr(item, 'identifierref');
    const node: ActivityNode = { id, title: text(child(item, 'title')) || id, children: list(item, 'item').map(toActivity) };
    const mode = controlModeOf(item);
    if (mode) node.controlMode = mode;
    const seq = sequencingOf(item);
    if (seq) node.sequencing = seq;
    if (ref) {
      const res = resources.get(ref);
      if (!res) warnings.push(`Item '${id}' refers to the unknown resource '${ref}'.`);
      else if (res.href) {
        node.href = withParameters(isAbsoluteUrl(res.href) ? res.href : joinPath(folder, res.href), attr(item, 'parameters'));
        node.scormType = res.scormType;
      }
    }
    return node;
  };

  let root: ActivityNode;
  if (org) {
    const orgId = attr(org, 'identifier');
    root = { id: orgId, title: text(child(org, 'title')) || identifier || orgId, children: list(org, 'item').map(toActivity) };
    const mode = controlModeOf(org);
    if (mode) root.controlMode = mode;
    const seq = sequencingOf(org);
    if (seq) root.sequencing = seq;
  } else {
    // A resource-only package: SCORM Cloud still imports it; each launchable resource becomes an activity.
    root = {
      id: identifier || 'ROOT',
      title: identifier || 'Untitled course',
      children: [...resources.entries()]
        .filter(([, r]) => r.href)
        .map(([id, r]) => ({ id, title: id, href: isAbsoluteUrl(r.href) ? r.href : joinPath(folder, r.href), scormType: r.scormType, children: [] })),
    };
    if (root.children.length > 0) warnings.push('The manifest has no organization; its resources are used as activities.');
  }

  const entry = firstLaunchable(root);
  if (!entry) {
    throw new PackageError(`The zip file contains no course: ${manifestPath} names no launchable content (no item or resource with an href).`);
  }
  return {
    standard: version.standard,
    edition: version.edition,
    schemaVersion,
    identifier,
    title: root.title,
    warnings,
    root,
    entryHref: entry.href!,
    entryActivityId: entry.id,
  };
}

const flagOf = (node: unknown, name: string, fallback: boolean): boolean => {
  const v = attr(node, name).trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : fallback;
};

const PRE_ACTIONS = new Set(['disabled', 'skip', 'hiddenFromChoice', 'stopForwardTraversal']);
const POST_ACTIONS = new Set(['exitParent', 'exitAll', 'retry', 'retryAll', 'continue', 'previous']);
const ROLLUP_ACTIONS = new Set(['satisfied', 'notSatisfied', 'completed', 'incomplete']);
const CHILD_SETS = new Set(['all', 'any', 'none', 'atLeastCount', 'atLeastPercent']);

function conditionsOf(group: unknown, element: string): RuleCondition[] {
  return list(group, element)
    .map((c) => {
      const threshold = Number(attr(c, 'measureThreshold'));
      return {
        condition: attr(c, 'condition').trim(),
        not: attr(c, 'operator').trim().toLowerCase() === 'not',
        ...(attr(c, 'referencedObjective') ? { referencedObjective: attr(c, 'referencedObjective') } : {}),
        ...(attr(c, 'measureThreshold').trim() !== '' && Number.isFinite(threshold) ? { measureThreshold: threshold } : {}),
      };
    })
    .filter((c) => c.condition !== '');
}

/** The rules of one kind (`preConditionRule`, `postConditionRule`, `exitConditionRule`) whose action the emulator runs. */
function rulesOf<A extends string>(seq: unknown, element: string, actions: Set<string>): Array<SequencingRule<A>> {
  const rules: Array<SequencingRule<A>> = [];
  for (const rule of list(child(seq, 'sequencingRules'), element)) {
    const action = attr(child(rule, 'ruleAction'), 'action').trim();
    if (!actions.has(action)) continue;
    const group = child(rule, 'ruleConditions');
    const conditions = conditionsOf(group, 'ruleCondition');
    if (conditions.length === 0) continue;
    rules.push({ action: action as A, combination: attr(group, 'conditionCombination').trim().toLowerCase() === 'any' ? 'any' : 'all', conditions });
  }
  return rules;
}

const numberAttr = (node: unknown, name: string): number | undefined => {
  const raw = attr(node, name).trim();
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : undefined;
};

/**
 * The parts of an item's `imsss:sequencing` the player runs: pre-condition, post-condition and exit rules,
 * rollup rules with their child sets, the attempt limit, objectives with their global maps (the attributes'
 * SCORM defaults: read satisfied status, do not write it), whether the activity counts in its parent's
 * rollup and its weight there. Duration limits, `requiredFor*` rollup considerations and delivery controls
 * are not read; `IDRef` to a `sequencingCollection` is not followed.
 */
function parseSequencing(seq: unknown): ActivitySequencing | undefined {
  if (!seq || typeof seq !== 'object') return undefined;
  const out: ActivitySequencing = {};
  const rules = rulesOf<PreConditionRule['action']>(seq, 'preConditionRule', PRE_ACTIONS);
  const post = rulesOf<PostConditionAction>(seq, 'postConditionRule', POST_ACTIONS);
  if (post.length) out.postConditionRules = post;
  const exits = rulesOf<'exit'>(seq, 'exitConditionRule', new Set(['exit']));
  if (exits.length) out.exitConditionRules = exits;
  const limit = numberAttr(child(seq, 'limitConditions'), 'attemptLimit');
  // attemptLimit="0" means no limit in the schema.
  if (limit !== undefined && limit > 0) out.attemptLimit = Math.floor(limit);
  if (rules.length) out.preConditionRules = rules;
  const objectivesNode = child(seq, 'objectives');
  const objectives: ObjectiveSpec[] = [];
  const objectiveOf = (node: unknown, primary: boolean): ObjectiveSpec => {
    const min = Number(text(child(node, 'minNormalizedMeasure')));
    return {
      id: attr(node, 'objectiveID'),
      primary,
      satisfiedByMeasure: flagOf(node, 'satisfiedByMeasure', false),
      minNormalizedMeasure: Number.isFinite(min) && text(child(node, 'minNormalizedMeasure')) !== '' ? min : 1,
      maps: list(node, 'mapInfo')
        .map((m) => ({
          target: attr(m, 'targetObjectiveID'),
          readSatisfied: flagOf(m, 'readSatisfiedStatus', true),
          writeSatisfied: flagOf(m, 'writeSatisfiedStatus', false),
        }))
        .filter((m) => m.target !== ''),
    };
  };
  const primary = child(objectivesNode, 'primaryObjective');
  if (primary !== undefined) objectives.push(objectiveOf(primary, true));
  for (const o of list(objectivesNode, 'objective')) objectives.push(objectiveOf(o, false));
  if (objectives.length) out.objectives = objectives;
  const rollup = child(seq, 'rollupRules');
  if (rollup !== undefined) {
    if (flagOf(rollup, 'rollupObjectiveSatisfied', true) === false) out.rollupObjectiveSatisfied = false;
    if (flagOf(rollup, 'rollupProgressCompletion', true) === false) out.rollupProgressCompletion = false;
    const weight = numberAttr(rollup, 'objectiveMeasureWeight');
    if (weight !== undefined && weight >= 0 && weight <= 1 && weight !== 1) out.measureWeight = weight;
    const rollupRules: RollupRule[] = [];
    for (const rule of list(rollup, 'rollupRule')) {
      const action = attr(child(rule, 'rollupAction'), 'action').trim();
      const group = child(rule, 'rollupConditions');
      const conditions = conditionsOf(group, 'rollupCondition');
      if (!ROLLUP_ACTIONS.has(action) || conditions.length === 0) continue;
      const set = attr(rule, 'childActivitySet').trim();
      rollupRules.push({
        childActivitySet: (CHILD_SETS.has(set) ? set : 'all') as RollupRule['childActivitySet'],
        minimumCount: Math.max(0, Math.floor(numberAttr(rule, 'minimumCount') ?? 0)),
        minimumPercent: Math.min(1, Math.max(0, numberAttr(rule, 'minimumPercent') ?? 0)),
        combination: attr(group, 'conditionCombination').trim().toLowerCase() === 'all' ? 'all' : 'any',
        conditions,
        action: action as RollupRule['action'],
      });
    }
    if (rollupRules.length) out.rollupRules = rollupRules;
  }
  return Object.keys(out).length ? out : undefined;
}

function firstLaunchable(node: ActivityNode): ActivityNode | undefined {
  const leaves: ActivityNode[] = [];
  const walk = (n: ActivityNode) => {
    if (n.href) leaves.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return leaves.find((n) => n.scormType === 'sco') ?? leaves[0];
}

async function parseCmi5(zip: ZipPackage, path: string, maxBytes: number): Promise<ParsedCourse> {
  const doc = parseXml((await zip.readText(path, maxBytes)) ?? '', path);
  const structure = child(doc, 'courseStructure');
  const course = child(structure, 'course');
  if (!structure || !course) throw new PackageError(`${path} has no <courseStructure>/<course> element.`);
  const warnings: string[] = [];
  const toNode = (node: unknown): ActivityNode[] => {
    const out: ActivityNode[] = [];
    for (const au of list(node, 'au')) {
      const url = text(child(au, 'url'));
      const href = url && !isAbsoluteUrl(url) ? joinPath(url) : url;
      if (href && !isAbsoluteUrl(href) && !zip.has(filePart(href))) {
        warnings.push(`The file '${filePart(href)}' named in cmi5.xml (AU '${attr(au, 'id')}') is missing from the package.`);
      }
      out.push({ id: attr(au, 'id'), title: text(child(au, 'title')) || attr(au, 'id'), href: href || undefined, scormType: 'sco', children: [] });
    }
    for (const block of list(node, 'block')) {
      out.push({ id: attr(block, 'id'), title: text(child(block, 'title')) || attr(block, 'id'), children: toNode(block) });
    }
    return out;
  };
  const id = attr(course, 'id');
  const root: ActivityNode = { id, title: text(child(course, 'title')) || id, children: toNode(structure) };
  const entry = firstLaunchable(root);
  if (!entry) throw new PackageError(`The zip file contains no course: ${path} has no assignable unit with a url.`);
  return {
    standard: 'cmi5',
    edition: 'cmi5',
    schemaVersion: '',
    identifier: id,
    title: root.title,
    warnings,
    root,
    entryHref: entry.href!,
    entryActivityId: entry.id,
  };
}

/** AICC descriptor files: an INI-style .crs and CSV .au/.des tables (quoted, comma-separated). */
function parseCsv(content: string): Array<Record<string, string>> {
  const rows = content
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cells: string[] = [];
      let cur = '';
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cur.trim());
          cur = '';
        } else cur += ch;
      }
      cells.push(cur.trim());
      return cells;
    });
  const [header, ...data] = rows;
  if (!header) return [];
  const keys = header.map((h) => h.toLowerCase());
  return data.map((cells) => Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? ''])));
}

async function parseAicc(zip: ZipPackage, names: string[], maxBytes: number): Promise<ParsedCourse> {
  const warnings: string[] = [];
  const byExt = (ext: string) => names.find((n) => n.toLowerCase().endsWith(ext));
  for (const ext of ['.crs', '.au', '.des', '.cst']) {
    if (!byExt(ext)) warnings.push(`The AICC package has no ${ext} file.`);
  }
  const crsName = byExt('.crs');
  const crs = crsName ? ((await zip.readText(crsName, maxBytes)) ?? '') : '';
  const title = /^\s*course_title\s*=\s*(.*)$/im.exec(crs)?.[1]?.trim() ?? '';
  const id = /^\s*course_id\s*=\s*(.*)$/im.exec(crs)?.[1]?.trim() ?? '';
  const auName = byExt('.au');
  const desName = byExt('.des');
  const aus = auName ? parseCsv((await zip.readText(auName, maxBytes)) ?? '') : [];
  const des = desName ? parseCsv((await zip.readText(desName, maxBytes)) ?? '') : [];
  const desTitle = new Map(des.map((d) => [d.system_id?.toLowerCase(), d.title]));
  const children: ActivityNode[] = aus.map((au) => {
    const sid = au.system_id ?? '';
    const href = au.file_name ?? '';
    if (href && !isAbsoluteUrl(href) && !zip.has(filePart(joinPath(href)))) {
      warnings.push(`The file '${filePart(joinPath(href))}' named in ${auName} (AU '${sid}') is missing from the package.`);
    }
    const params = au.command_line ?? '';
    return {
      id: sid,
      title: desTitle.get(sid.toLowerCase()) || sid,
      href: href ? withParameters(isAbsoluteUrl(href) ? href : joinPath(href), params) : undefined,
      scormType: 'sco',
      children: [],
    };
  });
  const root: ActivityNode = { id: id || 'ROOT', title: title || id || 'Untitled AICC course', children };
  const entry = firstLaunchable(root);
  if (!entry) throw new PackageError('The zip file contains no course: the AICC .au file lists no assignable unit with a file name.');
  return {
    standard: 'aicc',
    edition: 'AICC',
    schemaVersion: '',
    identifier: id,
    title: root.title,
    warnings,
    root,
    entryHref: entry.href!,
    entryActivityId: entry.id,
  };
}

/** Every activity of the tree in document order (root first). */
export function flattenActivities(root: ActivityNode): ActivityNode[] {
  const out: ActivityNode[] = [];
  const walk = (n: ActivityNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}
