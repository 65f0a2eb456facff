/**
 * The lab's TLS material: a CA and a serving certificate for 127.0.0.1 / localhost, made on first
 * start and kept in the state directory (keys 0600). RSA keys come from node:crypto (fast, native);
 * certificates are built and signed with node-forge.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import type { LabTls } from './component';

const FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'serving.crt', key: 'serving.key' } as const;

/** The lab CA's PEM file in a state directory: what a client trusts to verify any lab endpoint. */
export function caCertFile(stateDir: string): string {
  return path.join(stateDir, FILES.caCert);
}

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

function serial(): string {
  // Positive 16-byte serial (top bit clear).
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, years: number): void {
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 60 * 60 * 1000);
}

function makeCa(): { certPem: string; keyPem: string } {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  validity(cert, 10);
  const subject = [
    { name: 'commonName', value: 'mtv-lab-ca' },
    { name: 'organizationName', value: 'MTV lab' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privatePem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function makeServing(ca: { certPem: string; keyPem: string }): { certPem: string; keyPem: string } {
  const keys = rsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  validity(cert, 2);
  cert.setSubject([
    { name: 'commonName', value: '127.0.0.1' },
    { name: 'organizationName', value: 'MTV lab' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function stillValid(certPem: string): boolean {
  try {
    const c = forge.pki.certificateFromPem(certPem);
    return c.validity.notAfter.getTime() > Date.now() + 24 * 60 * 60 * 1000;
  } catch {
    return false;
  }
}

function readIf(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function writeSecretFile(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Loads the lab's CA and serving certificate from `stateDir`, creating whatever is missing or expiring. */
export function ensureTls(stateDir: string): LabTls {
  const p = (f: string): string => path.join(stateDir, f);
  let caCertPem = readIf(p(FILES.caCert));
  let caKeyPem = readIf(p(FILES.caKey));
  let fresh = false;
  if (!caCertPem || !caKeyPem || !stillValid(caCertPem)) {
    const ca = makeCa();
    caCertPem = ca.certPem;
    caKeyPem = ca.keyPem;
    fs.writeFileSync(p(FILES.caCert), caCertPem);
    writeSecretFile(p(FILES.caKey), caKeyPem);
    fresh = true;
  }
  let certPem = readIf(p(FILES.cert));
  let keyPem = readIf(p(FILES.key));
  if (fresh || !certPem || !keyPem || !stillValid(certPem)) {
    const s = makeServing({ certPem: caCertPem, keyPem: caKeyPem });
    certPem = s.certPem;
    keyPem = s.keyPem;
    fs.writeFileSync(p(FILES.cert), certPem);
    writeSecretFile(p(FILES.key), keyPem);
  }
  return { caCertPem, certPem, keyPem };
}
