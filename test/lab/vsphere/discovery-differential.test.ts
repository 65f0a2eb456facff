/**
 * Differential test of what a client reads before anything else: /sdk/vimServiceVersions.xml and
 * ServiceContent, from govmomi's simulator (which pyVmomi accepts) and from the lab's. The lab is
 * a newer vCenter (8.0.2.0 against govmomi's 6.5), so it must list govmomi's versions among its own
 * and, in a 6.5 answer, every ServiceContent manager govmomi lists, with the same MoRef.
 */
import { XMLParser } from 'fast-xml-parser';
import { buildGovmomiSim, govmomiToolchainMissing, startGovmomiPeer, type Peer } from '../../contract/vsphere/peers';
import { startVSphereSimulator } from '../../../lab/vsphere/server';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  isArray: (name) => name === 'version',
});

async function versions(url: string): Promise<{ docVersion: string; name: string; all: string[] }> {
  const res = await fetch(`${url}/vimServiceVersions.xml`);
  expect(res.status).toBe(200);
  const doc = parser.parse(await res.text()) as {
    namespaces: { version: string; namespace: { name: string; version: string[]; priorVersions: { version: string[] } } };
  };
  const ns = doc.namespaces.namespace;
  return { docVersion: doc.namespaces.version, name: ns.name, all: [...ns.version, ...ns.priorVersions.version] };
}

/** ServiceContent's MoRef fields as "field=Type:value", from a 6.5 RetrieveServiceContent. */
async function serviceContentRefs(url: string): Promise<string[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'urn:vim25/6.5' },
    body: '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent></soapenv:Body></soapenv:Envelope>',
  });
  const text = await res.text();
  return [...text.matchAll(/<(\w+) type="(\w+)">([^<]+)<\/\1>/g)]
    .filter((m) => m[1] !== 'rootFolder')
    .map((m) => `${m[1]}=${m[2]}:${m[3]}`);
}

const toolchain = govmomiToolchainMissing();
const describeIf = toolchain && process.env['CI'] !== 'true' ? describe.skip : describe;

describeIf(`version discovery and ServiceContent: govmomi vs lab${toolchain ? ` (skipped: ${toolchain})` : ''}`, () => {
  let gov: Peer;
  let lab: Awaited<ReturnType<typeof startVSphereSimulator>>;

  beforeAll(async () => {
    const { bin, reason } = await buildGovmomiSim();
    if (!bin) throw new Error(`govmomi simulator unavailable: ${reason ?? ''}`);
    gov = await startGovmomiPeer(bin);
    lab = await startVSphereSimulator({ credentials: { username: gov.username, password: gov.password } });
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
    lab?.model.close();
    await gov?.stop();
  });

  it('vimServiceVersions.xml has the same shape and the lab speaks every version govmomi does', async () => {
    const g = await versions(gov.url);
    const l = await versions(lab.url);
    expect({ docVersion: l.docVersion, name: l.name }).toEqual({ docVersion: g.docVersion, name: g.name });
    expect(g.all.filter((v) => !l.all.includes(v))).toEqual([]);
  });

  it('a 6.5 ServiceContent names every manager govmomi names, with the same MoRef', async () => {
    const g = await serviceContentRefs(gov.url);
    const l = await serviceContentRefs(lab.url);
    expect(g.length).toBeGreaterThan(30);
    expect(g.filter((r) => !l.includes(r))).toEqual([]);
  });
});
