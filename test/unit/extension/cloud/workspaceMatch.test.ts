import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LocalFunction } from '../../../../src/extension/project/localFunction';
import { deployedNameOf, findWorkspaceFunction, projectTag } from '../../../../src/extension/cloud/workspaceMatch';

function fn(name: string, projectFile: string, functionName?: string): LocalFunction {
  return {
    root: '/work/ws',
    spec: {
      name,
      provider: 'aws',
      runtime: 'nodejs20.x',
      codeDir: '/work/ws/src',
      handler: 'index.handler',
      timeout: 3,
      memorySize: 128,
      environment: {},
      events: [],
      ...(functionName ? { functionName } : {}),
      source: { kind: 'sam', file: projectFile },
    },
  };
}

const apiHello = fn('hello', '/work/ws/api/template.yaml', 'api-hello');
const webHello = fn('hello', '/work/ws/web/template.yaml');
const orders = fn('orders', '/work/ws/api/template.yaml');
const all = [apiHello, webHello, orders];

describe('finding the workspace function of a deployed one', () => {
  test('the project tag is the folder of the declaring file; the deployed name is functionName ?? name', () => {
    assert.equal(projectTag(apiHello), 'api');
    assert.equal(deployedNameOf(apiHello), 'api-hello');
    assert.equal(deployedNameOf(orders), 'orders');
  });

  test('tags choose among functions of the same name by project', () => {
    assert.equal(findWorkspaceFunction(all, 'whatever', { 'serverless-workbench:function': 'hello', 'serverless-workbench:project': 'web' }), webHello);
    assert.equal(findWorkspaceFunction(all, 'whatever', { 'serverless-workbench:function': 'hello', 'serverless-workbench:project': 'api' }), apiHello);
    assert.equal(findWorkspaceFunction(all, 'whatever', { 'serverless-workbench:function': 'hello' }), apiHello);
  });

  test('without tags the deployed name is matched; nothing matches otherwise', () => {
    assert.equal(findWorkspaceFunction(all, 'api-hello'), apiHello);
    assert.equal(findWorkspaceFunction(all, 'orders', {}), orders);
    assert.equal(findWorkspaceFunction(all, 'other', { 'serverless-workbench:function': 'gone' }), undefined);
  });
});
