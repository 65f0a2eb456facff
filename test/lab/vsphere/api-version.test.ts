/**
 * The lab vCenter answers in the API version the client negotiated, as vCenter does: version
 * discovery documents, SOAPAction, fields and types newer than the version left out, and a
 * schema (vim25-schema.json) that knows every type and field the lab serves.
 */
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { servedVersions } from '../../../lab/vsphere/soap/api-version';
import { inventoryObjects } from '../../../lab/vsphere/soap/inventory-objects';
import { serviceContent } from '../../../lab/vsphere/soap/service-content';
import { TaskManager } from '../../../lab/vsphere/soap/tasks';
import { dataFieldsXml, mo, nestedXml, poly, type Val } from '../../../lab/vsphere/soap/values';
import { fieldSince, knownType } from '../../../lab/vsphere/soap/vim25-schema';

const creds = { username: 'administrator@vsphere.local', password: 'Version-Test-1!' };
let sim: RunningVSphereSimulator;
let cookie = '';

async function soap(action: string | undefined, body: string): Promise<{ status: number; text: string; setCookie: string | null }> {
  const res = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      ...(action !== undefined ? { soapaction: action } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
  });
  return { status: res.status, text: await res.text(), setCookie: res.headers.get('set-cookie') };
}

const hardwareOf = (vm: string, path = 'config.hardware'): string =>
  `<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>VirtualMachine</type><pathSet>${path}</pathSet></propSet>` +
  `<objectSet><obj type="VirtualMachine">${vm}</obj></objectSet></specSet><options/></RetrievePropertiesEx>`;
const SERVICE_CONTENT =
  '<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>';

beforeAll(async () => {
  sim = await startVSphereSimulator({ credentials: creds, taskMs: 5 });
  const login = await soap(
    'urn:vim25/8.0.2.0',
    `<Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this><userName>${creds.username}</userName><password>${creds.password}</password></Login>`,
  );
  cookie = (login.setCookie ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await sim?.stop();
  sim?.model.close();
});

describe('lab vCenter API versions', () => {
  it('serves vimServiceVersions.xml and vimService.wsdl as vCenter does', async () => {
    const versions = await (await fetch(`${sim.url}/vimServiceVersions.xml`)).text();
    expect(versions).toMatch(
      /<namespaces version="1.0">\s*<namespace>\s*<name>urn:vim25<\/name>\s*<version>8\.0\.2\.0<\/version>\s*<priorVersions>/,
    );
    const prior = [...versions.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]).slice(1);
    expect(prior[0]).toBe('8.0.1.0');
    expect(prior).toContain('6.7.1');
    expect(prior.at(-1)).toBe('4.0');
    expect(prior).not.toContain('7.0.0.1');
    const wsdl = await fetch(`${sim.url}/vimService.wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toMatch(
      /<import location="vim.wsdl" namespace="urn:vim25" \/>[\s\S]*<soap:address location="http:\/\/127\.0\.0\.1:\d+\/sdk\/vimService" \/>/,
    );
  });

  it('refuses a version or namespace it does not speak', async () => {
    for (const action of ['urn:vim25/9.9', '"urn:vim25/7.0.0.1"', 'urn:pbm/8.0.2.0']) {
      const r = await soap(action, SERVICE_CONTENT);
      expect(r.status).toBe(500);
      expect(r.text).toContain(`Request version &apos;${action.replace(/"/g, '')}&apos; and namespace`);
      expect(r.text).toContain('<InvalidRequestFault xmlns="urn:vim25" xsi:type="InvalidRequest">');
    }
  });

  it('leaves out fields newer than the negotiated version (pyVmomi 6.7 asks for 6.7.1)', async () => {
    const old = await soap('"urn:vim25/6.7.1"', hardwareOf('vm-100'));
    expect(old.status).toBe(200);
    expect(old.text).toContain('<numCoresPerSocket>');
    expect(old.text).not.toContain('autoCoresPerSocket');
    const current = await soap('urn:vim25/8.0.2.0', hardwareOf('vm-100'));
    expect(current.text).toContain('<autoCoresPerSocket>false</autoCoresPerSocket>');
    const unversioned = await soap(undefined, hardwareOf('vm-100'));
    expect(unversioned.text).toContain('<autoCoresPerSocket>');
  });

  it('answers InvalidProperty for a property path newer than the version', async () => {
    const r = await soap('urn:vim25/6.7.1', hardwareOf('vm-100', 'config.hardware.autoCoresPerSocket'));
    expect(r.status).toBe(500);
    expect(r.text).toContain('xsi:type="InvalidProperty"');
    expect((await soap('urn:vim25/8.0.2.0', hardwareOf('vm-100', 'config.hardware.autoCoresPerSocket'))).status).toBe(200);
  });

  it('lists every vCenter manager in ServiceContent that exists in the version', async () => {
    const current = await soap('urn:vim25/8.0.2.0', SERVICE_CONTENT);
    expect(current.text).toContain('<authorizationManager type="AuthorizationManager">AuthorizationManager</authorizationManager>');
    expect(current.text).toContain('<failoverClusterConfigurator type="FailoverClusterConfigurator">');
    const v60 = await soap('urn:vim25/6.0', SERVICE_CONTENT);
    expect(v60.text).toContain('<authorizationManager type="AuthorizationManager">');
    expect(v60.text).not.toContain('failoverClusterConfigurator'); // since 6.5
    expect(v60.text).not.toContain('vStorageObjectManager');
  });

  it('sends an object of a newer type as its nearest ancestor the version has', () => {
    const tpm = poly('VirtualTPM', { key: 11000, controllerKey: 100, unitNumber: 24, endorsementKeyCertificate: undefined });
    expect(nestedXml('device', tpm, '6.7')).toBe(
      '<device xsi:type="VirtualTPM"><key>11000</key><controllerKey>100</controllerKey><unitNumber>24</unitNumber></device>',
    );
    expect(nestedXml('device', tpm, '6.5')).toBe(
      '<device xsi:type="VirtualDevice"><key>11000</key><controllerKey>100</controllerKey><unitNumber>24</unitNumber></device>',
    );
    expect(servedVersions('6.7.1')).toEqual(['6.7.1', '6.7', '6.5', '6.0', '5.5', '5.1', '5.0', '4.1', '4.0']);
  });
});

/** Every data object in a value tree, with the fields it carries. */
function* dataObjects(v: Val): Generator<{ type: string; fields: string[] }> {
  if (!v || typeof v !== 'object') return;
  if (v.kind === 'array') for (const i of v.items) yield* dataObjects(i);
  if (v.kind !== 'data') return;
  yield { type: v.type, fields: Object.keys(v.fields) };
  for (const f of Object.values(v.fields)) yield* dataObjects(f);
}

describe('vim25-schema.json', () => {
  it('knows the history of every type and field the lab serves', () => {
    const model = new LabVSphereModel(seedInventory(), { guestBootMs: 0 });
    for (const vm of model.snapshot().vms.filter((v) => !v.isTemplate)) {
      model.setPowerState(vm.moref, 'poweredOn');
      model.createSnapshot(vm.moref, 's1', '', false);
    }
    const unknown = new Set<string>();
    const check = (type: string, fields: string[]): void => {
      if (!knownType(type)) unknown.add(type);
      for (const f of fields) if (fieldSince(type, f) === undefined) unknown.add(`${type}.${f}`);
    };
    for (const { ref, props } of inventoryObjects(model.snapshot()).values()) {
      check(ref.type, Object.keys(props));
      for (const v of Object.values(props)) for (const d of dataObjects(v)) check(d.type, d.fields);
    }
    const tasks = new TaskManager(
      () => 'task-1',
      () => undefined,
      1,
    );
    tasks.start(
      {
        name: 'PowerOnVM_Task',
        descriptionId: 'VirtualMachine.powerOn',
        entity: mo('VirtualMachine', 'vm-100'),
        entityName: 'vm',
        userName: 'u',
      },
      () => undefined,
    );
    for (const v of [...Object.values(tasks.properties('task-1') ?? {}), serviceContent(model.snapshot())])
      for (const d of dataObjects(v)) check(d.type, d.fields);
    tasks.close();
    model.close();
    expect([...unknown]).toEqual([]);
    expect(dataFieldsXml(serviceContent(model.snapshot()), '6.7.1')).toContain('<authorizationManager');
  });
});
