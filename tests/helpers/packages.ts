import { ZipFile } from 'yazl';

/**
 * SCORM packages built on the fly for the tests (never the fixtures in ../shared): a zip of named files,
 * manifests of one or several SCOs, and the package shapes the emulator, integration and browser tests share.
 */

export function buildZip(files: Record<string, string | Buffer>, options: { compress?: boolean } = {}): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name, { compress: options.compress ?? true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

type Sco = { id: string; title: string; href: string };

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const itemsOf = (scos: Sco[]) => scos.map((s) => `<item identifier="item_${s.id}" identifierref="res_${s.id}"><title>${esc(s.title)}</title></item>`).join('');

const page = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body>${title}</body></html>`;

export function scorm12Manifest(opts: { title: string; scos: Sco[]; defaultOrg?: string; schemaVersion?: string | null; extraFiles?: string[] }) {
  const resources = opts.scos
    .map(
      (s) =>
        `<resource identifier="res_${s.id}" type="webcontent" adlcp:scormtype="sco" href="${s.href}"><file href="${s.href}"/>${(opts.extraFiles ?? []).map((f) => `<file href="${f}"/>`).join('')}</resource>`,
    )
    .join('');
  const schema = opts.schemaVersion === null ? '' : `<schemaversion>${opts.schemaVersion ?? '1.2'}</schemaversion>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.test12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema>${schema}</metadata>
  <organizations default="${opts.defaultOrg ?? 'org_1'}">
    <organization identifier="org_1"><title>${esc(opts.title)}</title>${itemsOf(opts.scos)}</organization>
  </organizations>
  <resources>${resources}</resources>
</manifest>`;
}

/** A SCORM 2004 4th Edition manifest, one item per SCO and no sequencing rules. */
export function scorm2004Manifest(opts: { title: string; scos: Sco[] }) {
  const resources = opts.scos
    .map((s) => `<resource identifier="res_${s.id}" type="webcontent" adlcp:scormType="sco" href="${s.href}"><file href="${s.href}"/></resource>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.test2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org_1">
    <organization identifier="org_1"><title>${esc(opts.title)}</title>${itemsOf(opts.scos)}</organization>
  </organizations>
  <resources>${resources}</resources>
</manifest>`;
}

export function scorm12Single(title = 'Single SCO Course'): Promise<Buffer> {
  return buildZip({ 'imsmanifest.xml': scorm12Manifest({ title, scos: [{ id: '1', title: 'Lesson', href: 'index.html' }] }), 'index.html': page(title) });
}

export function scorm12Multi(title = 'Multi SCO Course'): Promise<Buffer> {
  return buildZip({
    'imsmanifest.xml': scorm12Manifest({
      title,
      scos: [
        { id: 'a', title: 'Part A', href: 'a/index.html' },
        { id: 'b', title: 'Part B', href: 'b/index.html' },
      ],
    }),
    'a/index.html': page('A'),
    'b/index.html': page('B'),
  });
}

export function scorm2004(edition: '2004 3rd Edition' | '2004 4th Edition', title = `Sequenced ${edition}`): Promise<Buffer> {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.seq" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>${edition}</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG" adlseq:objectivesGlobalToSystem="false">
      <title>${title.replace(/&/g, '&amp;')}</title>
      <item identifier="MOD1"><title>Module 1</title>
        <item identifier="SCO1" identifierref="R1"><title>Intro</title>
          <imsss:sequencing><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
        </item>
        <item identifier="SCO2" identifierref="R2" parameters="?page=2"><title>Quiz</title></item>
        <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/>
        <imsss:rollupRules objectiveMeasureWeight="1"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="intro.html"><file href="intro.html"/><dependency identifierref="COMMON"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="quiz.html"><file href="quiz.html"/></resource>
    <resource identifier="COMMON" type="webcontent" adlcp:scormType="asset"><file href="shared/app.js"/></resource>
  </resources>
  <imsss:sequencingCollection><imsss:sequencing ID="common"><imsss:controlMode flow="true"/></imsss:sequencing></imsss:sequencingCollection>
</manifest>`;
  return buildZip({ 'imsmanifest.xml': manifest, 'intro.html': page('Intro'), 'quiz.html': page('Quiz'), 'shared/app.js': '// app' });
}

/**
 * A SCORM 2004 4th Edition manifest whose SCOs sit in one module with flow navigation (choice off), as a
 * sequenced course lays them out: the learner moves by continue/previous, not through the contents.
 */
export function scorm2004SequencedManifest(opts: { title: string; module: string; scos: Sco[] }) {
  const resources = opts.scos
    .map((s) => `<resource identifier="res_${s.id}" type="webcontent" adlcp:scormType="sco" href="${s.href}"><file href="${s.href}"/></resource>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.flow2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org_1">
    <organization identifier="org_1"><title>${esc(opts.title)}</title>
      <item identifier="module_1"><title>${esc(opts.module)}</title>${itemsOf(opts.scos)}
        <imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>${resources}</resources>
</manifest>`;
}

type RuledSco = Sco & { sequencing?: string };
type Cluster = { id: string; title: string; sequencing?: string; scos: RuledSco[] };

/**
 * A SCORM 2004 4th Edition manifest of clusters of SCOs, each with the `<imsss:sequencing>` body it is
 * given (rules, objectives, rollup attributes): for the sequencing rules beyond flow order.
 */
export function scorm2004RulesManifest(opts: { title: string; clusters: Cluster[]; orgSequencing?: string }) {
  const scos = opts.clusters.flatMap((c) => c.scos);
  const resources = scos
    .map((s) => `<resource identifier="res_${s.id}" type="webcontent" adlcp:scormType="sco" href="${s.href}"><file href="${s.href}"/></resource>`)
    .join('');
  const seq = (body?: string) => (body ? `<imsss:sequencing>${body}</imsss:sequencing>` : '');
  const items = opts.clusters
    .map(
      (c) =>
        `<item identifier="${c.id}"><title>${esc(c.title)}</title>${c.scos
          .map((s) => `<item identifier="item_${s.id}" identifierref="res_${s.id}"><title>${esc(s.title)}</title>${seq(s.sequencing)}</item>`)
          .join('')}${seq(c.sequencing)}</item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.rules2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org_1">
    <organization identifier="org_1"><title>${esc(opts.title)}</title>${items}
      ${seq(opts.orgSequencing ?? '<imsss:controlMode choice="true" flow="true"/>')}
    </organization>
  </organizations>
  <resources>${resources}</resources>
</manifest>`;
}

/**
 * Forced sequential order as authoring tools and Rustici's golf examples write it: the SCO's primary
 * objective writes its satisfied status to the global `<own>`; with `previous`, the SCO is disabled while
 * the global `<previous>` (read through a local objective) is not satisfied or not known.
 */
export function forcedSequentialSequencing(own: string, previous?: string): string {
  const rule = previous
    ? `<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any">
        <imsss:ruleCondition referencedObjective="previous_sco_satisfied" operator="not" condition="satisfied"/>
        <imsss:ruleCondition referencedObjective="previous_sco_satisfied" operator="not" condition="objectiveStatusKnown"/>
      </imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule></imsss:sequencingRules>`
    : '';
  const previousObjective = previous
    ? `<imsss:objective objectiveID="previous_sco_satisfied"><imsss:mapInfo targetObjectiveID="${previous}" readSatisfiedStatus="true" writeSatisfiedStatus="false"/></imsss:objective>`
    : '';
  return `${rule}<imsss:objectives><imsss:primaryObjective objectiveID="this_sco_satisfied"><imsss:mapInfo targetObjectiveID="${own}" readSatisfiedStatus="true" writeSatisfiedStatus="true"/></imsss:primaryObjective>${previousObjective}</imsss:objectives>`;
}
