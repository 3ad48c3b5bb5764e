import { z } from 'zod';
import { configSchema } from './schema';

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  default?: unknown;
  description?: string;
  shownDefault?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
};

const code = (value: string) => `\`${value}\``;

function shownDefault(node: JsonSchema): string {
  if (node.shownDefault) return node.shownDefault;
  if (node.default === undefined) return '(none)';
  return code(typeof node.default === 'string' ? node.default : JSON.stringify(node.default));
}

function meaning(key: string, node: JsonSchema): string {
  if (!node.description) throw new Error(`config key ${key} has no description: add .meta(doc(...)) in server/src/config/schema.ts`);
  const allowed = node.enum ? ` One of ${node.enum.map((v) => code(String(v))).join(', ')}.` : '';
  const range = node.minimum !== undefined && node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? ` ${node.minimum}–${node.maximum}.` : '';
  return (node.description + allowed + range).replace(/\|/g, '\\|');
}

/**
 * The README's configuration table, generated from the schema so that the two cannot drift
 * (tests/unit/config/table.test.ts compares them; `npm run docs:config` rewrites the README).
 */
export function configTable(): string {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows = ['| key | default | meaning |', '|---|---|---|'];
  const walk = (node: JsonSchema, prefix: string) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const key = `${prefix}${name}`;
      if (child.type === 'object' && child.properties) walk(child, `${key}.`);
      else rows.push(`| ${code(key)} | ${shownDefault(child)} | ${meaning(key, child)} |`);
    }
  };
  walk(root, '');
  return `${rows.join('\n')}\n`;
}
