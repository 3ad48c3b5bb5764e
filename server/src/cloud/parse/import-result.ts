import type { ImportResult } from '../types';
import { childText, descendants, type ParseXmlOptions, type XmlElement } from '../xml';
import { expectOk } from './envelope';
import { boolField, type ParseContext } from './fields';

/**
 * `importresult` elements are searched as descendants: `getAsyncImportResult` wraps them in
 * `<importresults>`, synchronous `importCourse` puts them straight under `<rsp>`.
 */
export function importResultsFrom(el: XmlElement, ctx: ParseContext = {}): ImportResult[] {
  return descendants(el, 'importresult').map((r) => ({
    successful: boolField(r.attrs.successful, 'importresult/@successful', ctx),
    title: childText(r, 'title') ?? '',
    message: childText(r, 'message') ?? '',
    parserWarnings: descendants(r, 'warning').map((w) => w.text),
  }));
}

export function parseImportResults(body: string, options: ParseXmlOptions = {}): ImportResult[] {
  return importResultsFrom(expectOk(body, options), options);
}
