import { apiErrorFor, CloudResponseError } from '../errors';
import type { ManifestActivities } from '../types';
import { parseXml, type ParseXmlOptions, type XmlElement } from '../xml';
import { envelopeOf } from './envelope';

/** Manifests name their elements with or without a namespace prefix (`imscp:item`); only the local name counts. */
const local = (name: string): string => name.slice(name.lastIndexOf(':') + 1);
const named = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => local(c.name) === name);

/** `adlcp:scormtype` (SCORM 1.2) or `adlcp:scormType` (2004), whatever the prefix. */
function scormTypeOf(resource: XmlElement): string | undefined {
  for (const [key, value] of Object.entries(resource.attrs)) {
    if (local(key).toLowerCase() === 'scormtype') return value.trim().toLowerCase();
  }
  return undefined;
}

/**
 * `getManifest` answers the package's `imsmanifest.xml` itself, not an `<rsp>` envelope (the official
 * libraries save the body as a file); only a refusal comes as `<rsp stat="fail">`. The SCOs and assets
 * are the items of the default organization (the one SCORM Cloud imports) whose resource says so; an
 * item without a resource groups others. A resource with no scormtype is an asset, as the content
 * packaging schema defines it.
 */
export function parseManifestActivities(body: string, options: ParseXmlOptions = {}): ManifestActivities {
  const root = parseXml(body, options);
  if (root.name === 'rsp') {
    const envelope = envelopeOf(root, options.method);
    if (envelope.stat === 'fail') throw apiErrorFor(envelope.code, envelope.message, options.method);
    throw new CloudResponseError('getManifest answered an <rsp> envelope instead of the manifest', options.method);
  }
  if (local(root.name) !== 'manifest') throw new CloudResponseError(`Response root is <${root.name}>, expected <manifest>`, options.method);
  const types = new Map<string, string | undefined>();
  for (const resources of named(root, 'resources')) {
    for (const resource of named(resources, 'resource')) {
      if (resource.attrs.identifier !== undefined) types.set(resource.attrs.identifier, scormTypeOf(resource));
    }
  }
  const organizations = named(root, 'organizations')[0];
  const all = organizations ? named(organizations, 'organization') : [];
  const organization = all.find((o) => o.attrs.identifier === organizations?.attrs.default) ?? all[0];
  const counts: ManifestActivities = { scos: 0, assets: 0 };
  const pending = organization ? named(organization, 'item') : [];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const ref = item.attrs.identifierref;
    if (ref !== undefined && types.has(ref)) {
      if (types.get(ref) === 'sco') counts.scos++;
      else counts.assets++;
    }
    pending.push(...named(item, 'item'));
  }
  return counts;
}
