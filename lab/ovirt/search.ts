/**
 * The engine's search language as the clients use it: `name=mtv-tests-rhel8`,
 * `name=foo cluster=bar` (terms are ANDed; `and` may be written), `Vms.id = <uuid>` on events, a bare
 * word (matches the name), and `*` as a wildcard. Names compare case-insensitively, as the engine does.
 */
import { badRequest } from './fault';

export type SearchFields<T> = Record<string, (item: T) => string | undefined>;

interface Term {
  key: string;
  value: string;
}

function parse(query: string): Term[] {
  const tokens = query
    .replace(/\s*(!?=)\s*/g, '$1')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && t.toLowerCase() !== 'and');
  return tokens.map((t) => {
    const i = t.indexOf('=');
    return i < 0 ? { key: 'name', value: t } : { key: t.slice(0, i).toLowerCase(), value: t.slice(i + 1) };
  });
}

function matches(actual: string | undefined, pattern: string): boolean {
  if (actual === undefined) return false;
  const unquoted = pattern.replace(/^"(.*)"$/, '$1');
  const re = new RegExp(
    `^${unquoted
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(actual);
}

/** Filters `items` by the query; a field the collection does not know is the engine's 400. */
export function search<T>(items: T[], query: string | null, fields: SearchFields<T>): T[] {
  if (query === null || query.trim() === '') return items;
  const terms = parse(query);
  for (const t of terms) if (!fields[t.key]) throw badRequest(`Invalid search query: unknown field '${t.key}' in '${query}'`);
  return items.filter((item) => terms.every((t) => matches(fields[t.key]!(item), t.value)));
}
