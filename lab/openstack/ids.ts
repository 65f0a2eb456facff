/**
 * OpenStack identifiers: UUIDs (Nova, Cinder, Glance, Neutron ids), hex ids (Keystone project,
 * user, domain) and MACs from Neutron's default base_mac fa:16:3e. Seeded ids are derived from a
 * name with SHA-256, so the seed repeats across runs; new objects get random ones.
 */
import { createHash, randomBytes } from 'node:crypto';

function uuidFrom(b: Buffer): string {
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const digest = (key: string): Buffer => createHash('sha256').update(`mtv-lab-openstack\0${key}`).digest();

export const seededUuid = (key: string): string => uuidFrom(digest(key));
export const seededHexId = (key: string): string => digest(key).subarray(0, 16).toString('hex');
export const seededMac = (key: string): string =>
  `fa:16:3e:${[...digest(key).subarray(0, 3)].map((o) => o.toString(16).padStart(2, '0')).join(':')}`;

export const randomUuid = (): string => uuidFrom(randomBytes(16));
export const randomMac = (): string => `fa:16:3e:${[...randomBytes(3)].map((o) => o.toString(16).padStart(2, '0')).join(':')}`;
