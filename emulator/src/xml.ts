/** Compact XML output: SCORM Cloud answers without whitespace between or inside elements. */

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" ?>';

// Characters XML 1.0 forbids even when escaped; a learner's suspend_data can carry them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type Attrs = Record<string, string | number | boolean | undefined>;

/** One element; children are already-serialized XML, text goes through `text()`. */
export function el(name: string, attrs?: Attrs | null, ...children: Array<string | undefined | false>): string {
  let open = '<' + name;
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined) continue;
    open += ` ${key}="${escapeXml(value)}"`;
  }
  const body = children.filter((c): c is string => typeof c === 'string').join('');
  return body === '' ? `${open}/>` : `${open}>${body}</${name}>`;
}

/** Text-only element; an empty value still gives an explicit element. */
export function textEl(name: string, value: unknown, attrs?: Attrs): string {
  const text = escapeXml(value);
  return text === '' ? el(name, attrs) : el(name, attrs, text);
}

export function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function okEnvelope(body = ''): string {
  return `${XML_DECLARATION}<rsp stat="ok">${body}</rsp>`;
}

export function failEnvelope(code: number | string, msg: string): string {
  return `${XML_DECLARATION}<rsp stat="fail">${el('err', { code: String(code), msg })}</rsp>`;
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSS+0000`, the V1 date format (always UTC). */
export function cloudDate(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('Z', '+0000');
}
