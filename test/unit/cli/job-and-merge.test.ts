/**
 * `npm run job` and `npm run junit-merge` (issue #15 item 6). The manifests' shard script is run
 * with sh, as the pod runs it, to prove that JOB_COMPLETION_INDEX i becomes `--shard i+1/N`; the
 * Job's acceptance by an API server is test/e2e/job-dry-run.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { XMLParser } from 'fast-xml-parser';
import { jobManifests, PROVIDERS_MOUNT, RESULTS_MOUNT } from '../../../lib/job/manifests';
import { REPO, runBin } from './run-bin';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-job-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tsx(script: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', path.join(REPO, 'bin/register-ts.cjs'), path.join(REPO, script), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JobDoc {
  kind: string;
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: { spec: { containers: Array<{ command: string[]; args: string[]; envFrom: unknown[] }>; volumes: unknown[] } };
  };
}

describe('npm run job', () => {
  test('prints a results claim and an Indexed Job: completions and parallelism N, Secrets by reference, the test args for every shard', () => {
    const r = tsx('bin/job.ts', ['--shards', '3', '--namespace', 'qe', '--', '-m', 'tier0', '--tc', 'storage_class:ceph']);
    expect(r.code).toBe(0);
    const docs = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS() as JobDoc);
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'Job']);
    const job = docs[1]!;
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const c = job.spec.template.spec.containers[0]!;
    expect(c.args).toEqual(['-m', 'tier0', '--tc', 'storage_class:ceph']);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'mtv-tests-credentials' } }]);
    expect(job.spec.template.spec.volumes).toContainEqual({ name: 'providers', secret: { secretName: 'mtv-tests-providers' } });
    expect(r.stdout).not.toMatch(/password|token:/i);
  });

  test('the pod of completion index i runs the shard i+1/N that --list --json --shard shows', () => {
    const [, job] = jobManifests({ shards: 3, image: 'i', namespace: 'n', name: 'm', testArgs: [], resultsSize: '1Gi' }) as unknown as [
      unknown,
      JobDoc,
    ];
    const script = job.spec.template.spec.containers[0]!.command[2]!.replaceAll(RESULTS_MOUNT, tmp)
      .replaceAll('/app/', `${REPO}/`)
      .replaceAll(`${PROVIDERS_MOUNT}/providers.json`, path.join(tmp, 'providers.json'));
    fs.writeFileSync(
      path.join(tmp, 'providers.json'),
      JSON.stringify({ vs: { type: 'vsphere', version: '8', fqdn: 'vc', username: 'u', password: 'p' } }),
    );
    const env = {
      ...process.env,
      JOB_COMPLETION_INDEX: '2',
      MTV_TESTS_CLUSTER_HOST: 'https://api.example:6443',
      MTV_TESTS_CLUSTER_TOKEN: 'sha256~0123456789abcdef',
    };
    const args = ['--list', '--json', '--tc', 'source_provider:vs', '--tc', 'storage_class:x'];
    const pod = spawnSync('/bin/sh', ['-c', script, 'mtv-tests', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    expect(pod.stderr).toBe('');
    const names = (out: string): string[] => (JSON.parse(out) as Array<{ name: string }>).map((s) => s.name);
    const cli = runBin([...args, '--shard', '3/3'], {
      env: {
        MTV_TESTS_CLUSTER_HOST: env.MTV_TESTS_CLUSTER_HOST,
        MTV_TESTS_CLUSTER_TOKEN: env.MTV_TESTS_CLUSTER_TOKEN,
        PROVIDERS_JSON_PATH: path.join(tmp, 'providers.json'),
      },
    });
    expect(names(pod.stdout)).toEqual(names(cli.stdout));
    expect(names(pod.stdout).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(tmp, 'shard-3'))).toBe(true);
  });

  test.each([
    [['--shards', '0'], 'npm run job: --shards expects a positive whole number, e.g. --shards 3; got "0"'],
    [
      ['--shards', '2', '--', '--shard', '1/2'],
      'npm run job: the Job gives every pod its own --shard; leave --shard out of the npm test arguments',
    ],
    [
      ['--shards', '2', '--namespace', 'Bad_NS'],
      'npm run job: --namespace must be a lower-case DNS label of at most 63 characters (a-z, 0-9, -); got "Bad_NS"',
    ],
  ])('%j: one line, exit 2', (args, message) => {
    const r = tsx('bin/job.ts', args);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stderr: `${message}\n`, stdout: '' });
  });
});

describe('npm run junit-merge', () => {
  const shard = (suite: string, failures: number): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests" tests="2" failures="${failures}" errors="0" time="1.5">\n` +
    `<testsuite name="${suite}" errors="0" failures="${failures}" skipped="0" time="1.5" tests="2"><properties><property name="p" value="a &amp; b"/></properties>` +
    `<testcase classname="${suite}" name="one" time="1">${failures ? '<failure message="x &lt; y"><![CDATA[boom <b>]]></failure>' : ''}<system-out><![CDATA[step log]]></system-out></testcase>` +
    `<testcase classname="${suite}" name="two" time="0.5"/></testsuite></testsuites>\n`;

  test("joins the shards' suites under one <testsuites> with summed counts; content is kept", () => {
    fs.writeFileSync(path.join(tmp, 's1.xml'), shard('sanity-cold', 1));
    fs.writeFileSync(path.join(tmp, 's2.xml'), shard('sanity-warm', 0));
    const r = tsx('bin/junit-merge.ts', ['merged.xml', 's1.xml', 's2.xml']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'junit-merge: merged.xml: 4 testcase(s) from 2 file(s)\n' });
    const merged = fs.readFileSync(path.join(tmp, 'merged.xml'), 'utf8');
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(merged) as {
      testsuites: {
        tests: string;
        failures: string;
        time: string;
        testsuite: Array<{ name: string; properties: { property: { value: string } } }>;
      };
    };
    expect(xml.testsuites).toMatchObject({ tests: '4', failures: '1', time: '3.000' });
    expect(xml.testsuites.testsuite.map((s) => s.name)).toEqual(['sanity-cold', 'sanity-warm']);
    expect(xml.testsuites.testsuite[0]!.properties.property.value).toBe('a & b');
    expect(merged).toContain('<![CDATA[boom <b>]]>');
    expect(merged).toContain('<![CDATA[step log]]>');
  });

  test.each([
    [['out.xml'], 'npm run junit-merge: usage: npm run junit-merge -- <out.xml> <shard-1 junit.xml> [<shard-2 junit.xml> ...]'],
    [['out.xml', 'missing.xml'], "npm run junit-merge: cannot read missing.xml (ENOENT); pass the shards' junit-report.xml files"],
    [['out.xml', 'providers.json'], 'npm run junit-merge: providers.json is not a JUnit report (no <testsuites> or <testsuite> element)'],
  ])('%j: one line, exit 2, no output file', (args, message) => {
    fs.writeFileSync(path.join(tmp, 'providers.json'), '{}');
    const r = tsx('bin/junit-merge.ts', args);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `${message}\n` });
    expect(fs.existsSync(path.join(tmp, 'out.xml'))).toBe(false);
  });
});
