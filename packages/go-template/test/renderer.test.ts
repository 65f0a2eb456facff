/** Unit tests of the Go template renderer that need no Go toolchain (expected values from Go 1.19 + sprig 3.2). */
import {
  FORKLIFT_FUNC_NAMES,
  GO_BUILTIN_FUNC_NAMES,
  TemplateError,
  compileTemplate,
  dialectForGoVersion,
  fromJson,
  networkNameTemplateData,
  pvcNameTemplateData,
  renderTemplate,
  volumeNameTemplateData,
} from '..';

const data = pvcNameTemplateData({
  VmName: 'My_VM.Prod',
  TargetVmName: 'my-vm.prod',
  PlanName: 'migration-plan-cold-2024',
  DiskIndex: 1,
  VmId: 'vm-1234',
  FileName: 'My_VM.Prod_1.vmdk',
});

const r = (t: string, d = data): string => renderTemplate(t, d);

function failure(t: string, d = data): TemplateError {
  try {
    renderTemplate(t, d);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error(`expected ${t} to fail`);
}

describe('Forklift and suite templates', () => {
  test.each([
    ['{{trunc 15 .PlanName}}-{{trunc 15 .TargetVmName}}-disk-{{.DiskIndex}}', 'migration-plan--my-vm.prod-disk-1'],
    ['{{.VmName}}-disk-{{.DiskIndex}}', 'My_VM.Prod-disk-1'],
    ['{{ .FileName | trimSuffix ".vmdk" | replace "_" "-" }}-{{.DiskIndex}}', 'My-VM.Prod-1-1'],
    ['pvc', 'pvc'],
    ['{{.SourcePVCName}}', ''],
  ])('%s', (t, expected) => expect(r(t)).toBe(expected));

  test('volume and network template data', () => {
    expect(renderTemplate('{{.PVCName}}-{{.VolumeIndex}}', volumeNameTemplateData({ PVCName: 'p', VolumeIndex: 3 }))).toBe('p-3');
    expect(renderTemplate('{{.NetworkType}}/{{.NetworkIndex}}', networkNameTemplateData({ NetworkType: 'Pod' }))).toBe('Pod/0');
  });
});

describe('Forklift function set', () => {
  test("exactly templateutil's sprig subset on top of Go builtins", () => {
    expect([...FORKLIFT_FUNC_NAMES].sort()).toEqual(
      [
        'lower',
        'upper',
        'contains',
        'replace',
        'trim',
        'trimAll',
        'trimSuffix',
        'trimPrefix',
        'title',
        'untitle',
        'repeat',
        'substr',
        'nospace',
        'trunc',
        'initials',
        'hasPrefix',
        'hasSuffix',
        'mustRegexReplaceAll',
        'add',
        'add1',
        'sub',
        'div',
        'mod',
        'mul',
        'max',
        'min',
        'floor',
        'ceil',
        'round',
      ].sort(),
    );
    expect(GO_BUILTIN_FUNC_NAMES).toEqual(
      expect.arrayContaining([
        'and',
        'or',
        'not',
        'len',
        'index',
        'slice',
        'eq',
        'ne',
        'lt',
        'le',
        'gt',
        'ge',
        'print',
        'printf',
        'println',
        'html',
        'js',
        'urlquery',
        'call',
      ]),
    );
  });

  test.each([
    ['{{ lower "TEXT" }}', 'text'],
    ['{{ upper "text" }}', 'TEXT'],
    ['{{ contains "lo" "hello" }}', 'true'],
    ['{{"I Am Henry VIII" | replace " " "-"}}', 'I-Am-Henry-VIII'],
    ['{{ trim "  text  " }}', 'text'],
    ['{{ trimAll "$" "$5.00$" }}', '5.00'],
    ['{{ trimSuffix ".go" "file.go" }}', 'file'],
    ['{{ trimPrefix "go." "go.file" }}', 'file'],
    ['{{ title "hello world" }}', 'Hello World'],
    ['{{ untitle "Hello World" }}', 'hello world'],
    ['{{ repeat 3 "abc" }}', 'abcabcabc'],
    ['{{ substr 1 4 "abcdef" }}', 'bcd'],
    ['{{ nospace "a b  c" }}', 'abc'],
    ['{{ trunc 3 "abcdef" }}', 'abc'],
    ['{{ trunc -3 "abcdef" }}', 'def'],
    ['{{ initials "John Doe" }}', 'JD'],
    ['{{ hasPrefix "go" "golang" }}', 'true'],
    ['{{ hasSuffix "ing" "coding" }}', 'true'],
    ['{{ mustRegexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', '-W-xxW-'],
    ['{{ mustRegexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}', '---'],
    ['{{ mustRegexReplaceAll "a*" "baaac" "-" }}', '-b-c-'],
    ['{{ add 1 2 3 }}', '6'],
    ['{{ add1 5 }}', '6'],
    ['{{ sub 5 3 }}', '2'],
    ['{{ div 10 3 }}', '3'],
    ['{{ mod 10 3 }}', '1'],
    ['{{ mul 2 3 4 }}', '24'],
    ['{{ max 1 5 3 }}', '5'],
    ['{{ min 1 5 3 }}', '1'],
    ['{{ floor 3.75 }}', '3'],
    ['{{ ceil 3.25 }}', '4'],
    ['{{ round 3.75159 2 }}', '3.75'],
    ['{{ round -2.5 0 }}', '-3'],
    ['{{ add "3" "0x10" "abc" 1.9 true }}', '21'],
  ])('%s -> %s', (t, expected) => expect(r(t)).toBe(expected));

  test("functions outside Forklift's list are parse errors, as in the controller", () => {
    for (const fn of ['quote', 'regexReplaceAll', 'splitList', 'default', 'now']) {
      const e = failure(`{{ ${fn} "a" }}`);
      expect(e.kind).toBe('parse');
      expect(e.message).toBe(`template: template:1: function "${fn}" not defined`);
    }
  });
});

describe('Go semantics', () => {
  test('struct data: unknown fields are exec errors naming the Go type and position', () => {
    const e = failure('ab\n  {{ .Nope }}');
    expect(e).toMatchObject({ kind: 'exec', line: 2, column: 5, context: '.Nope' });
    expect(e.message).toBe(
      'template: template:2:5: executing "template" at <.Nope>: can\'t evaluate field Nope in type *v1beta1.PVCNameTemplateData',
    );
  });
  test('map data: missing keys print <no value>', () => {
    expect(renderTemplate('{{ .a }}/{{ .missing }}/{{ .missing.deeper }}', fromJson({ a: 1 }))).toBe('1/<no value>/<no value>');
  });
  test('int64 results are not ints (sprig math into trunc fails like Go)', () => {
    expect(failure('{{ trunc (add 1 2) "abcdef" }}').message).toContain('wrong type for value; expected int; got int64');
    expect(r('{{ trunc .DiskIndex "abcdef" }}')).toBe('a');
  });
  test('argument count and constant types are checked', () => {
    expect(failure('{{ lower "a" "b" }}').message).toContain('wrong number of args for lower: want 1 got 2');
    expect(failure('{{ lower 3 }}').message).toContain('expected string; found 3');
    expect(failure('{{ trunc 1.5 "x" }}').message).toContain('expected integer; found 1.5');
  });
  test('panics in functions become exec errors', () => {
    expect(failure('{{ div 1 0 }}').message).toContain('error calling div: runtime error: integer divide by zero');
    expect(failure('{{ substr 4 2 "abcdef" }}').kind).toBe('exec');
    expect(failure('{{ repeat -1 "a" }}').message).toContain('strings: negative Repeat count');
  });
  test('parse errors', () => {
    expect(failure('{{ .VmName').message).toBe('template: template:1: unclosed action');
    expect(failure('{{ if 1 }}x').message).toBe('template: template:1: unexpected EOF');
    expect(failure('{{ end }}').message).toBe('template: template:1: unexpected {{end}}');
    expect(failure('{{ $x }}').message).toBe('template: template:1: undefined variable "$x"');
    expect(failure('{{ 3x }}').message).toBe('template: template:1: bad number syntax: "3x"');
    expect(failure('{{ "a" | "b" }}').message).toBe('template: template:1: non executable command in pipeline stage 2');
  });
  test('trim markers and comments', () => {
    expect(r('  a  {{- .DiskIndex -}}  b  {{/* c */}}x{{- /* d */ -}}  y')).toBe('  a1b  xy');
    expect(r('{{-3}}')).toBe('-3');
  });
  test('control flow, variables and scoping', () => {
    expect(r('{{ if eq .DiskIndex 0 }}zero{{ else if eq .DiskIndex 1 }}one{{ else }}many{{ end }}')).toBe('one');
    expect(r('{{ with .WinDriveLetter }}{{ . }}{{ else }}none{{ end }}')).toBe('none');
    expect(r('{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}{{ $x = 3 }}{{ $x }}')).toBe('213');
    expect(
      renderTemplate(
        '{{ range $i, $e := .l }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $i }}{{ $e }};{{ end }}',
        fromJson({ l: ['a', 'b', 'c'] }),
      ),
    ).toBe('0a;1b;');
    expect(renderTemplate('{{ range $k, $v := . }}{{ $k }}={{ $v }} {{ end }}', fromJson({ b: 2, a: 1 }))).toBe('a=1 b=2 ');
  });
  test('printing follows fmt', () => {
    expect(r('{{ . }}')).toBe('{My_VM.Prod my-vm.prod migration-plan-cold-2024 1 vm-1234  0 false My_VM.Prod_1.vmdk     }');
    expect(r('{{ print . }}').startsWith('&{')).toBe(true);
    expect(r('{{ 1e6 }} {{ 123456.0 }} {{ 0.00001 }} {{ 2.50 }}')).toBe('1e+06 123456 1e-05 2.5');
    expect(r('{{ printf "%s-%03d|%5.2f|%x|%q|%v" .TargetVmName .DiskIndex 3.14159 255 "a\\"b" true }}')).toBe(
      'my-vm.prod-001| 3.14|ff|"a\\"b"|true',
    );
    expect(r('{{ printf "%d %s" "x" 1 }}{{ printf "%d" }}{{ printf "" 1 }}')).toBe('%!d(string=x) %!s(int=1)%!d(MISSING)%!(EXTRA int=1)');
    expect(r('{{ printf "%.0f %.2f" 2.5 1.005 }}')).toBe('2 1.00');
  });
  test('strings are UTF-8 bytes: a rune cut in half is restored when re-joined', () => {
    expect(r('{{ trunc 1 "é" }}{{ trunc -1 "é" }}')).toBe('é');
    expect(r('{{ len (trunc 1 "é") }} {{ len "é" }}')).toBe('1 2');
    expect(r('{{ trunc 1 "é" }}')).toBe('\uFFFD');
    expect(r('{{ printf "%q" (trunc 1 "é") }}')).toBe('"\\xc3"');
  });
  test('named templates', () => {
    expect(r('{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .DiskIndex }}{{ block "b" .VmId }}<{{ . }}>{{ end }}')).toBe(
      '[1]<vm-1234>',
    );
    expect(failure('{{ template "nope" }}').kind).toBe('exec');
  });
  test('compiled templates are reusable and report kinds', () => {
    const t = compileTemplate('{{ .VmName | lower }}');
    expect(t.execute(pvcNameTemplateData({ VmName: 'A' }))).toBe('a');
    expect(t.execute(pvcNameTemplateData({ VmName: 'B' }))).toBe('b');
    expect(() => compileTemplate('{{')).toThrow(TemplateError);
  });
  test('complex constants behave as in Go', () => {
    expect(r('{{ 1i }} {{ 1+2i }} {{ printf "%.1f" 1-2i }} {{ trunc 0i "abc" }}|')).toBe('(0+1i) (1+2i) (1.0-2.0i) |');
    expect(failure('{{ lt 1i 2i }}').message).toContain('invalid type for comparison');
  });
  test('Go regexp semantics where JavaScript differs', () => {
    // Flags mid-pattern, ASCII-only \w, Go's empty-loop priorities, duplicate group names.
    expect(r('{{ mustRegexReplaceAll "x(?i:a)x" "xAx xax" "-" }}')).toBe('- -');
    expect(r('{{ mustRegexReplaceAll "\\\\w+" "é-ab" "W" }}')).toBe('é-W');
    expect(r('{{ mustRegexReplaceAll "(\\\\w??|\\\\d)+" "ab" "$" }}')).toBe('$a$b$');
    expect(r('{{ mustRegexReplaceAll "(?P<n>a)|(?P<n>b)" "ab" "<${n}>" }}')).toBe('<a><b>');
    expect(failure('{{ mustRegexReplaceAll "(?=a)" "a" "" }}').message).toContain(
      'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
  });
});

describe("dialects: Forklift's Go (1.25) vs Go 1.19", () => {
  test('dialect for a Go version', () => {
    expect(dialectForGoVersion('go1.19.8')).toBe('go1.19');
    expect(dialectForGoVersion('go1.22.2')).toBe('go1.22');
    expect(dialectForGoVersion('go1.25.0')).toBe('forklift');
    expect(renderTemplate('{{ range 2 }}{{ . }}{{ end }}', pvcNameTemplateData({}), { dialect: 'go1.22' })).toBe('01');
    expect(() => renderTemplate('{{ with 1 }}{{ else with 2 }}{{ end }}', pvcNameTemplateData({}), { dialect: 'go1.22' })).toThrow(
      'unexpected <with> in else',
    );
  });
  const d = pvcNameTemplateData({ VmName: 'vm1' });
  test('{{else with}} (Go 1.23)', () => {
    expect(renderTemplate('{{ with .WinDriveLetter }}{{ . }}{{ else with .VmName }}<{{ . }}>{{ end }}', d)).toBe('<vm1>');
    expect(() => renderTemplate('{{ with .WinDriveLetter }}x{{ else with .VmName }}y{{ end }}', d, { dialect: 'go1.19' })).toThrow(
      'unexpected <with> in else',
    );
  });
  test('{{range N}} over an integer (Go 1.22)', () => {
    expect(
      renderTemplate('{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}', d),
    ).toBe('012|01|none');
    expect(() => renderTemplate('{{ range $i, $e := 3 }}{{ end }}', d)).toThrow("can't use 3 to iterate over more than one variable");
    expect(() => renderTemplate('{{ range 3 }}{{ . }}{{ end }}', d, { dialect: 'go1.19' })).toThrow("range can't iterate over 3");
  });
});
