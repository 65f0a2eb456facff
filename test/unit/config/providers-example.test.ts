import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProvidersFile, selectSourceProvider } from '../../../lib/config/providers-file';

const example = path.resolve(__dirname, '../../../.providers.json.example');

test('the annotated example is rejected as is, naming a comment line', () => {
  expect(() => loadProvidersFile(example)).toThrow(/providers.json.example:2:3: .*that line is a comment/);
});

test('the example without its comment lines is a valid providers file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-example-'));
  const file = path.join(dir, '.providers.json');
  const stripped = fs
    .readFileSync(example, 'utf8')
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n');
  fs.writeFileSync(file, stripped);
  try {
    const loaded = loadProvidersFile(file);
    expect(selectSourceProvider(loaded, 'vsphere-8.0').type).toBe('vsphere');
    expect(selectSourceProvider(loaded, 'vsphere-copy-offload').copyoffload?.storage_vendor_product).toBe('ontap');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
