import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CloudResponseError } from './errors';

/**
 * A small, order-preserving element tree. Every value stays a string (ids like `0012` must not become
 * numbers); the shape parsers convert and validate.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA content directly inside this element, trimmed. */
  text: string;
}

export interface ParseXmlOptions {
  /** Bodies larger than this are refused before parsing. */
  maxBytes?: number;
  /** Names the V1 method in errors. */
  method?: string;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/*
 * Entity processing stays OFF (processEntities: false) and any DTD is refused outright: a DOCTYPE is how
 * XXE and billion-laughs payloads get in, and no V1 response ever carries one. The five predefined
 * entities and numeric character references are decoded by us afterwards — that decoding cannot expand.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const DTD = /<!DOCTYPE|<!ENTITY/i;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

type RawNode = Record<string, unknown>;

function convert(raw: RawNode[], name: string, rawAttrs: unknown): XmlElement {
  const attrs: Record<string, string> = {};
  if (rawAttrs && typeof rawAttrs === 'object') {
    for (const [k, v] of Object.entries(rawAttrs as Record<string, unknown>)) {
      attrs[k] = v === true ? '' : decodeXmlEntities(String(v));
    }
  }
  const el: XmlElement = { name, attrs, children: [], text: '' };
  let text = '';
  for (const node of raw) {
    for (const key of Object.keys(node)) {
      if (key === ':@') continue;
      const value = node[key];
      if (key === '#text') text += decodeXmlEntities(String(value));
      else if (key === '#cdata') text += cdataText(value);
      else el.children.push(convert(Array.isArray(value) ? (value as RawNode[]) : [], key, node[':@']));
    }
  }
  el.text = text.trim();
  return el;
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return String(value ?? '');
  return value.map((v) => String((v as RawNode)['#text'] ?? '')).join('');
}

/** Parses a whole document and returns its root element. Throws CloudResponseError for anything unsafe or malformed. */
export function parseXml(body: string, options: ParseXmlOptions = {}): XmlElement {
  const { maxBytes = DEFAULT_MAX_RESPONSE_BYTES, method } = options;
  if (typeof body !== 'string') throw new CloudResponseError('Response body is not text', method);
  if (Buffer.byteLength(body, 'utf8') > maxBytes) {
    throw new CloudResponseError(`Response body exceeds ${maxBytes} bytes`, method);
  }
  if (DTD.test(body)) throw new CloudResponseError('Response contains a DTD (DOCTYPE/ENTITY); refused', method);
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (!trimmed.startsWith('<')) throw new CloudResponseError('Response is not XML', method);
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) {
    throw new CloudResponseError(`Response is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`, method);
  }
  let raw: RawNode[];
  try {
    raw = parser.parse(trimmed) as RawNode[];
  } catch (cause) {
    throw new CloudResponseError('Response XML could not be parsed', method, { cause });
  }
  const roots = convert(raw, '#document', undefined).children;
  if (roots.length !== 1) throw new CloudResponseError('Response XML has no single root element', method);
  return roots[0]!;
}

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);

export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);

/** Text of a direct child, or undefined when the child is absent. */
export const childText = (el: XmlElement, name: string): string | undefined => child(el, name)?.text;

/** Depth-first search for descendants named `name` (not descending into matches). */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement): void => {
    for (const c of node.children) {
      if (c.name === name) out.push(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
}

export function firstDescendant(el: XmlElement, name: string): XmlElement | undefined {
  if (el.name === name) return el;
  for (const c of el.children) {
    const hit = firstDescendant(c, name);
    if (hit) return hit;
  }
  return undefined;
}

/** Escapes text for element content and attribute values (used by the XML builders). */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as const)[c as '<']};`);
}

/**
 * Generic conversion for loosely-typed blocks (the `full` report's `runtime`): a leaf becomes its text,
 * an element with children an object (attributes included), repeated names an array.
 */
export type LooseValue = string | LooseRecord | LooseValue[];
export interface LooseRecord {
  [key: string]: LooseValue;
}

export function toLoose(el: XmlElement): LooseValue {
  if (el.children.length === 0 && Object.keys(el.attrs).length === 0) return el.text;
  const out: LooseRecord = {};
  for (const [k, v] of Object.entries(el.attrs)) out[`@${k}`] = v;
  if (el.text && el.children.length === 0) out['#text'] = el.text;
  const groups = new Map<string, LooseValue[]>();
  for (const c of el.children) {
    const list = groups.get(c.name) ?? [];
    list.push(toLoose(c));
    groups.set(c.name, list);
  }
  for (const [name, values] of groups) out[name] = values.length === 1 ? values[0]! : values;
  return out;
}
