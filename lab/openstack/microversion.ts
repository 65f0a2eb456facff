/**
 * Microversion negotiation as Nova and Cinder do it: the request names a version in
 * `OpenStack-API-Version: <service> <x.y>` (or Nova's legacy `X-OpenStack-Nova-API-Version`),
 * `latest` means the newest; none means the minimum. A version outside [min, max] is refused with
 * 406. The answer echoes the version used, with `Vary`.
 */
import type { ApiRequest } from './http';

export interface MicroversionRange {
  service: 'compute' | 'volume';
  min: string;
  max: string;
  legacyHeader?: string;
}

export const COMPUTE_VERSIONS: MicroversionRange = {
  service: 'compute',
  min: '2.1',
  max: '2.79',
  legacyHeader: 'x-openstack-nova-api-version',
};
export const VOLUME_VERSIONS: MicroversionRange = { service: 'volume', min: '3.0', max: '3.60' };

export class Microversion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static parse(v: string): Microversion | undefined {
    const m = /^(\d+)\.(\d+)$/.exec(v.trim());
    return m ? new Microversion(Number(m[1]), Number(m[2])) : undefined;
  }

  atLeast(v: string): boolean {
    const o = Microversion.parse(v)!;
    return this.major > o.major || (this.major === o.major && this.minor >= o.minor);
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** The version the request names for this service (`OpenStack-API-Version`, else the legacy header), if any. */
function requestedVersion(req: Pick<ApiRequest, 'headers'>, range: MicroversionRange): string | undefined {
  const h = req.headers['openstack-api-version'];
  let requested: string | undefined;
  for (const part of (Array.isArray(h) ? h.join(',') : (h ?? '')).split(',')) {
    const [service, version] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === range.service && version) requested = version;
  }
  const legacy = range.legacyHeader ? req.headers[range.legacyHeader] : undefined;
  return requested ?? (Array.isArray(legacy) ? legacy[0] : legacy);
}

/** The requested version, or a message for the 406 answer. */
export function negotiate(req: Pick<ApiRequest, 'headers'>, range: MicroversionRange): Microversion | string {
  const requested = requestedVersion(req, range);
  if (requested === undefined) return Microversion.parse(range.min)!;
  if (requested === 'latest') return Microversion.parse(range.max)!;
  const v = Microversion.parse(requested);
  if (!v) return `Invalid API version request string ${requested}`;
  if (!v.atLeast(range.min) || (v.toString() !== range.max && v.atLeast(range.max)))
    return `Version ${requested} is not supported by the API. Minimum is ${range.min} and maximum is ${range.max}.`;
  return v;
}

export function versionHeaders(v: Microversion, range: MicroversionRange): Record<string, string> {
  const headers: Record<string, string> = { 'openstack-api-version': `${range.service} ${v.toString()}`, vary: 'OpenStack-API-Version' };
  if (range.legacyHeader) {
    headers[range.legacyHeader] = v.toString();
    headers['vary'] =
      `OpenStack-API-Version, ${range.legacyHeader.replace(/(^|-)(\w)/g, (_, d: string, c: string) => d + c.toUpperCase())}`;
  }
  return headers;
}
