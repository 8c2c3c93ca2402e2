import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseParameterOverrides, parseSamConfig } from '../../../../src/core/project/samConfig';
import { parseSamToml } from '../../../../src/core/project/samToml';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'project');

test('the TOML samconfig files use: tables, strings, escapes, numbers, booleans, multi-line arrays, comments', () => {
  const { value, problems } = parseSamToml(`version = 0.1 # the file format
[default.deploy.parameters]
stack_name = "sam-app"
capabilities = 'CAPABILITY_IAM'
confirm_changeset = true
retries = 3
parameter_overrides = "Stage=\\"dev env\\" Path=C:\\\\tmp #not a comment"
tags = [
  "team=core", # comment inside
  'owner=ops',
]
[prod."deploy".parameters]
region = "eu-west-1"
inline = { a = 1 }
`);
  assert.deepEqual(value, {
    version: 0.1,
    default: {
      deploy: {
        parameters: {
          stack_name: 'sam-app',
          capabilities: 'CAPABILITY_IAM',
          confirm_changeset: true,
          retries: 3,
          parameter_overrides: 'Stage="dev env" Path=C:\\tmp #not a comment',
          tags: ['team=core', 'owner=ops'],
        },
      },
    },
    prod: { deploy: { parameters: { region: 'eu-west-1' } } },
  });
  assert.deepEqual(problems, [{ line: 14, message: 'cannot read the value of inline' }]);
});

test('parameter_overrides: a string of pairs with quotes, a list, and the ParameterKey/ParameterValue form', () => {
  assert.deepEqual(parseParameterOverrides('Stage=prod Greeting="hello world" Empty= Quote=\'a b\''), {
    values: { Stage: 'prod', Greeting: 'hello world', Empty: '', Quote: 'a b' },
    unreadable: [],
  });
  assert.deepEqual(parseParameterOverrides(['Stage=qa', 'Url=https://x.example.com/?a=b']), { values: { Stage: 'qa', Url: 'https://x.example.com/?a=b' }, unreadable: [] });
  assert.deepEqual(parseParameterOverrides('ParameterKey=Stage,ParameterValue=prod ParameterKey=Size,ParameterValue=3 oops'), {
    values: { Stage: 'prod', Size: '3' },
    unreadable: ['oops'],
  });
});

test('samconfig.toml: the default environment, commands layered global < deploy < local_invoke, template_file beside the file', () => {
  const file = '/work/app/samconfig.toml';
  const config = parseSamConfig(
    `version = 0.1
[default.global.parameters]
stack_name = "from-global"
template_file = "infra/template.yaml"
[default.deploy.parameters]
stack_name = "from-deploy"
region = "ap-southeast-2"
parameter_overrides = "Stage=deploy Size=2"
[default.local_invoke.parameters]
parameter_overrides = ["Stage=local"]
[prod.deploy.parameters]
stack_name = "prod-stack"
parameter_overrides = "Stage=prod"
`,
    file,
  );
  assert.deepEqual(config, {
    file,
    templateFile: '/work/app/infra/template.yaml',
    parameterOverrides: { Stage: 'local' },
    stackName: 'from-deploy',
    region: 'ap-southeast-2',
    diagnostics: [],
  });
  const prod = parseSamConfig(readFileSync(join(fixtures, 'sam-typescript-esbuild', 'samconfig.toml'), 'utf8'), file, 'prod');
  assert.deepEqual(prod.parameterOverrides, { Stage: 'prod' });
});

test('samconfig.yaml reads the same way; a bad entry is a warning with its line', () => {
  const yaml = parseSamConfig('version: 0.1\ndefault:\n  deploy:\n    parameters:\n      stack_name: yaml-app\n      parameter_overrides:\n        - Stage=yaml\n', '/w/samconfig.yaml');
  assert.deepEqual([yaml.stackName, yaml.parameterOverrides], ['yaml-app', { Stage: 'yaml' }]);

  const bad = parseSamConfig('[default.deploy.parameters]\nparameter_overrides = "Stage=ok lonely"\nwhat is this\n', '/w/samconfig.toml');
  assert.deepEqual(bad.parameterOverrides, { Stage: 'ok' });
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.line, d.severity, d.message]),
    [
      [3, 'warning', 'samconfig: expected key = value, found "what is this"; the entry is ignored'],
      [2, 'warning', 'samconfig: parameter_overrides entry "lonely" is not NAME=VALUE; it is ignored'],
    ],
  );
});
