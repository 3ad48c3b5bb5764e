/**
 * The admin's locales: French carries every English key and no other, each with the same placeholders,
 * and every translation id the admin's sources name exists in en.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

const root = path.join(__dirname, '..', '..', '..', 'admin', 'src');
const read = (locale: string) => JSON.parse(fs.readFileSync(path.join(root, 'translations', `${locale}.json`), 'utf8')) as Record<string, string>;
const en = read('en');
const fr = read('fr');

/** The arguments a message takes ({name}, {count, plural, …}), wherever they are nested. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if ('value' in element && element.type !== TYPE.literal) names.add(String(element.value));
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value);
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Ids as the sources write them: `t('…')`, `` t(`…${x}`) ``, `getTranslation('…')`, `errorKey="…"`, and the
 * prefixes given to `word('…', token)`. A template id stands for a pattern some key must match.
 */
function usedIds(): { file: string; id: string; prefix: boolean }[] {
  const found: { file: string; id: string; prefix: boolean }[] = [];
  const patterns = [/\bt\(\s*(['"`])((?:(?!\1).)+)\1/g, /getTranslation\(\s*(['"`])((?:(?!\1).)+)\1/g, /errorKey=(["'])((?:(?!\1).)+)\1/g];
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(root, file);
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push({ file: name, id: m[2], prefix: false });
    for (const m of text.matchAll(/\bword\(\s*(['"])((?:(?!\1).)+)\1/g)) found.push({ file: name, id: m[2], prefix: true });
  }
  return found;
}

const toPattern = (id: string) =>
  new RegExp(
    `^${id
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^]+')}$`,
  );

describe('admin translations', () => {
  it('has every key of en.json in fr.json, and no other', () => {
    expect(Object.keys(fr).filter((key) => !(key in en))).toEqual([]);
    expect(Object.keys(en).filter((key) => !(key in fr))).toEqual([]);
  });

  it('gives every French message the placeholders of its English one', () => {
    const mismatched = Object.keys(en)
      .filter((key) => key in fr)
      .map((key) => ({ key, en: placeholders(en[key]), fr: placeholders(fr[key]) }))
      .filter((entry) => entry.en.join() !== entry.fr.join());
    expect(mismatched).toEqual([]);
  });

  it('translates every message rather than leaving it empty', () => {
    expect(Object.keys(fr).filter((key) => !fr[key].trim())).toEqual([]);
  });

  it('finds in en.json every translation id the admin sources use', () => {
    const used = usedIds();
    // The scan itself must see the sources: a broken pattern would pass with nothing found.
    expect(used.length).toBeGreaterThan(100);
    const keys = Object.keys(en);
    const missing = used.filter(({ id, prefix }) => {
      if (prefix) return !keys.some((key) => key.startsWith(`${id}.`));
      if (id.includes('${')) return !keys.some((key) => toPattern(id).test(key));
      return !(id in en);
    });
    expect(missing).toEqual([]);
  });

  it('matches a template id only against keys of that shape', () => {
    expect(toPattern('status.${course.status}').test('status.ready')).toBe(true);
    expect(toPattern('status.${course.status}').test('courses.status.ready')).toBe(false);
  });
});
