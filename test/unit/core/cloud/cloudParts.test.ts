import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeAlias } from '../../../../src/core/cloud/aliases';
import { defaultCloudStateDir } from '../../../../src/core/cloud';
import { lambdaTimestamp } from '../../../../src/core/cloud/configuration';
import { paginate, versionKey } from '../../../../src/core/cloud/pagination';
import { matchOtherWrite, matchRoute } from '../../../../src/core/cloud/routes';

describe('local cloud parts', () => {
  test('routeAlias sends the additional version its share of invokes', () => {
    const alias = { name: 'live', functionVersion: '1', description: '', revisionId: 'r', additionalVersionWeights: { '2': 0.25 } };
    assert.equal(routeAlias(alias, () => 0.1), '2');
    assert.equal(routeAlias(alias, () => 0.24), '2');
    assert.equal(routeAlias(alias, () => 0.25), '1');
    assert.equal(routeAlias(alias, () => 0.9), '1');
    assert.equal(routeAlias({ ...alias, additionalVersionWeights: undefined }, () => 0), '1');
  });

  test('paginate: markers name the last item, so a deletion between pages skips nothing', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const first = paginate(names, (n) => n, null, 2);
    assert.deepEqual(first.page, ['a', 'b']);
    const afterDelete = paginate(['a', 'c', 'd', 'e'], (n) => n, first.nextMarker ?? null, 2);
    assert.deepEqual(afterDelete.page, ['c', 'd']);
    const last = paginate(names, (n) => n, afterDelete.nextMarker ?? null, 2);
    assert.deepEqual([last.page, last.nextMarker], [['e'], undefined]);
    assert.throws(() => paginate(names, (n) => n, 'not-a-marker', 2), /Invalid marker/);
  });

  test('versions sort $LATEST first, then by number', () => {
    const sorted = ['10', '$LATEST', '9', '1'].sort((a, b) => (versionKey(a) < versionKey(b) ? -1 : 1));
    assert.deepEqual(sorted, ['$LATEST', '1', '9', '10']);
  });

  test('LastModified in Lambda format', () => {
    assert.equal(lambdaTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-02T03:04:05.006+0000');
  });

  test('routes: REST paths to operations, with decoded members', () => {
    assert.deepEqual(matchRoute('GET', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af%3A3'), {
      operation: 'GetFunction',
      functionName: 'arn:aws:lambda:us-east-1:000000000000:function:f:3',
    });
    assert.deepEqual(matchRoute('PUT', '/2015-03-31/functions/f/aliases/live'), { operation: 'UpdateAlias', functionName: 'f', alias: 'live' });
    assert.deepEqual(matchRoute('DELETE', '/2017-03-31/tags/arn%3Ax'), { operation: 'UntagResource', resource: 'arn:x' });
    assert.equal(matchRoute('PATCH', '/2015-03-31/functions/f'), undefined);
    assert.deepEqual(matchRoute('GET', '/2015-03-31/functions/f/policy'), { operation: 'GetPolicy', functionName: 'f' });
    assert.deepEqual(matchRoute('DELETE', '/2015-03-31/functions/f%3A1/policy/s1'), { operation: 'RemovePermission', functionName: 'f:1', statementId: 's1' });
    assert.equal(matchRoute('DELETE', '/2015-03-31/functions/f/policy'), undefined, 'RemovePermission names its statement');
    assert.deepEqual(matchRoute('POST', '/2021-10-31/functions/f/url'), { operation: 'CreateFunctionUrlConfig', functionName: 'f' });
    assert.deepEqual(matchRoute('GET', '/2021-10-31/functions/f/urls'), { operation: 'ListFunctionUrlConfigs', functionName: 'f' });
    assert.equal(matchRoute('POST', '/2021-10-31/functions/f/urls'), undefined);
    assert.equal(matchRoute('POST', '/'), undefined);
  });

  test('other writes (refused for project functions, passed on otherwise): method and path to operation', () => {
    assert.deepEqual(matchOtherWrite('PUT', '/2017-10-31/functions/f/concurrency'), { operation: 'PutFunctionConcurrency', functionName: 'f' });
    assert.deepEqual(matchOtherWrite('PUT', '/2019-09-25/functions/f%3A1/event-invoke-config'), { operation: 'PutFunctionEventInvokeConfig', functionName: 'f:1' });
    assert.equal(matchOtherWrite('POST', '/2021-10-31/functions/f/url'), undefined, 'function URLs are served (matchRoute)');
    assert.equal(matchOtherWrite('GET', '/2017-10-31/functions/f/concurrency'), undefined, 'reads are not writes');
    assert.equal(matchOtherWrite('PUT', '/2017-10-31/functions/f/concurrency/x'), undefined);
    assert.equal(matchOtherWrite('PUT', '/2015-03-31/functions/f/configuration'), undefined, 'a served operation is matchRoute’s');
  });

  test('the default state folder is in the user cache of each platform', () => {
    assert.equal(defaultCloudStateDir({}, 'linux', '/home/u'), '/home/u/.cache/serverless-workbench/local-cloud');
    assert.equal(defaultCloudStateDir({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux', '/home/u'), '/var/cache/u/serverless-workbench/local-cloud');
    assert.equal(defaultCloudStateDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/serverless-workbench/local-cloud');
    assert.equal(defaultCloudStateDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/serverless-workbench/local-cloud');
    assert.equal(defaultCloudStateDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\serverless-workbench\\local-cloud');
  });
});
