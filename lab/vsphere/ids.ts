/**
 * Deterministic identifiers for the lab's vCenter: the same seed gives the same UUIDs and MAC
 * addresses on every run, so lab tests are repeatable. Derived with SHA-256 over (seed, purpose,
 * counter) rather than Math.random.
 */
import { createHash } from 'node:crypto';

export class IdSource {
  private counter = 0;

  constructor(private readonly seed: string) {}

  private bytes(purpose: string): Buffer {
    this.counter += 1;
    return createHash('sha256').update(`${this.seed}\0${purpose}\0${this.counter}`).digest();
  }

  /** RFC 4122 version-4 shaped UUID (vSphere BIOS / instance UUIDs look like these). */
  uuid(purpose: string): string {
    const b = this.bytes(purpose).subarray(0, 16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  /** A MAC from VMware's vCenter-assigned range 00:50:56:80:00:00 - 00:50:56:bf:ff:ff. */
  mac(purpose: string): string {
    const b = this.bytes(purpose);
    const octets = [0x00, 0x50, 0x56, 0x80 | ((b[0] ?? 0) & 0x3f), b[1] ?? 0, b[2] ?? 0];
    return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
  }

  /** Host key thumbprint style: 20 colon-separated upper-case hex bytes. */
  thumbprint(purpose: string): string {
    return [...this.bytes(purpose).subarray(0, 20)].map((o) => o.toString(16).padStart(2, '0').toUpperCase()).join(':');
  }

  /** An integer in [0, n). */
  int(purpose: string, n: number): number {
    return this.bytes(purpose).readUInt32BE(0) % n;
  }
}
