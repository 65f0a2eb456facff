/** The inventory's common query parameters (reference §5): detail, limit, offset. */
export const MAX_DETAIL = 9;

/** A query parameter the inventory refuses: the answer is 400 with this message. */
export class BadRequest extends Error {}

export function parseDetail(q: URLSearchParams): number {
  const raw = q.get('detail');
  if (raw === null || raw === '') return 0;
  if (raw === 'all') return MAX_DETAIL;
  if (!/^\d+$/.test(raw)) throw new BadRequest(`detail: "${raw}" is not an integer or "all".`);
  return Math.min(Number(raw), MAX_DETAIL);
}

export function page<T>(items: T[], q: URLSearchParams): T[] {
  const lim = q.get('limit');
  const off = q.get('offset');
  for (const [k, v] of [
    ['limit', lim],
    ['offset', off],
  ] as const) {
    if (v !== null && !/^\d+$/.test(v)) throw new BadRequest(`${k}: must be an integer >= 0.`);
  }
  const start = off ? Number(off) : 0;
  return lim ? items.slice(start, start + Number(lim)) : items.slice(start);
}
