/** The copyoffload section as the Python suite reads it: env overrides, vendor keys, extras, symbolic datastores, errors. */
import { CopyOffloadConfigError } from '../../../exceptions/copy-offload';
import {
  checkCopyOffloadPlan,
  esxiCloneMethod,
  esxiLogin,
  resolveDatastoreId,
  storageSecretData,
  type CopyOffloadSource,
} from '../../../lib/config/copy-offload';
import type { ProviderEntry } from '../../../lib/config/providers-file';
import { redactText } from '../../../lib/log/redact';
import { checkCopyOffloadScenarios } from '../../../lib/preflight/copy-offload';
import type { LoadedScenario } from '../../../lib/runner/scenario';

const entry = (copyoffload: Record<string, unknown> | undefined, type: ProviderEntry['type'] = 'vsphere'): ProviderEntry =>
  ({
    type,
    version: '8',
    fqdn: 'vc',
    api_url: 'https://vc/sdk',
    username: 'u',
    password: 'p',
    ...(copyoffload ? { copyoffload } : {}),
  }) as ProviderEntry;

const ontap = {
  storage_vendor_product: 'ontap',
  datastore_id: 'datastore-1',
  secondary_datastore_id: 'datastore-2',
  storage_hostname: 'array.example',
  storage_username: 'admin',
  storage_password: 'array-Secret-1',
  ontap_svm: 'svm1',
};
const src = (section: Record<string, unknown> | undefined, env: NodeJS.ProcessEnv = {}): CopyOffloadSource => ({
  entryKey: 'vsphere-copy-offload',
  providersPath: '/p/.providers.json',
  entry: entry(section),
  env,
});

describe('copy-offload configuration', () => {
  it('esxi_clone_method ssh: the ESXi login, host:port parsed (22 by default), COPYOFFLOAD_ESXI_* winning; only the password is masked', () => {
    const ssh = { ...ontap, esxi_clone_method: 'ssh', esxi_host: 'esxi-01.example:2222', esxi_user: 'root', esxi_password: 'Esxi-Pw-123' };
    expect(esxiCloneMethod(src(ssh))).toBe('ssh');
    expect(esxiLogin(src(ssh))).toEqual({ host: 'esxi-01.example', port: 2222, user: 'root', password: 'Esxi-Pw-123' });
    expect(esxiLogin(src(ssh, { COPYOFFLOAD_ESXI_HOST: 'esxi-02.example', COPYOFFLOAD_ESXI_PASSWORD: 'Env-Esxi-Pw' }))).toEqual({
      host: 'esxi-02.example',
      port: 22,
      user: 'root',
      password: 'Env-Esxi-Pw',
    });
    expect(redactText('root@esxi-01.example:2222 with Esxi-Pw-123 or Env-Esxi-Pw')).toBe('root@esxi-01.example:2222 with *** or ***');
    expect(() => esxiCloneMethod(src({ ...ssh, esxi_host: 'esxi:99999' }))).toThrow(CopyOffloadConfigError);
    expect(() => esxiCloneMethod(src({ ...ssh, esxi_host: 'esxi:99999' }))).toThrow(/copyoffload\.esxi_host "esxi:99999" has port "99999"/);
  });

  it('builds the vendor secret: storage login, the vendor keys, then storage_secret_extra', () => {
    expect(storageSecretData(src({ ...ontap, storage_secret_extra: { STORAGE_SKIP_SSL_VERIFICATION: 'true' } }))).toEqual({
      STORAGE_HOSTNAME: 'array.example',
      STORAGE_USERNAME: 'admin',
      STORAGE_PASSWORD: 'array-Secret-1',
      ONTAP_SVM: 'svm1',
      STORAGE_SKIP_SSL_VERIFICATION: 'true',
    });
  });

  it('lets COPYOFFLOAD_<KEY> win over the file, and COPYOFFLOAD_STORAGE_SECRET_EXTRA replace the extras', () => {
    const data = storageSecretData(
      src(ontap, {
        COPYOFFLOAD_STORAGE_PASSWORD: 'from-Env-pw',
        COPYOFFLOAD_ONTAP_SVM: 'svm2',
        COPYOFFLOAD_STORAGE_SECRET_EXTRA: '{"X":"y"}',
      }),
    );
    expect(data).toMatchObject({ STORAGE_PASSWORD: 'from-Env-pw', ONTAP_SVM: 'svm2', X: 'y' });
    expect(redactText('password from-Env-pw and array-Secret-1')).not.toMatch(/from-Env-pw|array-Secret-1/);
  });

  it('requires the vendor keys of the vendor (vantara: three) and names the missing one', () => {
    expect(() => storageSecretData(src({ ...ontap, storage_vendor_product: 'vantara' }))).toThrow(
      /copyoffload\.vantara_storage_id is missing .*COPYOFFLOAD_VANTARA_STORAGE_ID/,
    );
    expect(Object.keys(storageSecretData(src({ ...ontap, storage_vendor_product: 'powerstore' })))).toEqual([
      'STORAGE_HOSTNAME',
      'STORAGE_USERNAME',
      'STORAGE_PASSWORD',
    ]);
  });

  it('resolves symbolic datastore ids and fails naming a missing one', () => {
    expect(resolveDatastoreId(src(ontap), 'secondary_datastore_id')).toBe('datastore-2');
    expect(resolveDatastoreId(src(ontap), 'datastore-77')).toBe('datastore-77');
    expect(() => resolveDatastoreId(src(ontap), 'non_xcopy_datastore_id')).toThrow(CopyOffloadConfigError);
  });

  it('checks what a plan needs: datastores of its disks, the RDM LUN, the ESXi login for ssh', () => {
    const plan = (disk: Record<string, unknown>) => ({ virtualMachines: [{ name: 'vm', addDisks: [disk] }] }) as never;
    expect(() => checkCopyOffloadPlan(src(ontap), plan({ sizeGb: 1, datastoreId: 'secondary_datastore_id' }))).not.toThrow();
    expect(() => checkCopyOffloadPlan(src(ontap), plan({ rdmType: 'virtual' }))).toThrow(/rdm_lun_uuid is missing/);
    expect(() => checkCopyOffloadPlan(src({ ...ontap, esxi_clone_method: 'ssh' }), plan({ sizeGb: 1 }))).toThrow(/esxi_host is missing/);
  });

  it('pre-flight: one line naming scenario, plan, key and entry; non-vSphere sources are left to the gate', () => {
    const scenario = { name: 'copyoffload-x', plan: { virtualMachines: [{ name: 'vm' }], copyoffload: true } } as unknown as LoadedScenario;
    const run = (e: ProviderEntry) => () =>
      checkCopyOffloadScenarios({ key: 'k', entry: e, providersPath: '/p.json', scenarios: [scenario], env: {} });
    expect(run(entry(undefined))).toThrow(
      /^providers entry "k" in \/p\.json: scenario copyoffload-x plan plan: has no "copyoffload" section/,
    );
    expect(run(entry({ ...ontap, storage_password: undefined }))).toThrow(/copyoffload\.storage_password is missing/);
    expect(run(entry(undefined, 'ovirt'))).not.toThrow();
  });
});
