/** Lambda@Edge: CloudFront viewer request and viewer response. */
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResponseEvent } from 'aws-lambda';
import { base64Random, httpDate, now, parseTime } from '../ids';
import { defineEvent, param } from '../types';
import { asStringMap } from '../values';

const requestParams = [
  param.string('uri', 'request URI (path only)', '/index.html'),
  param.string('querystring', 'query string without the ?', ''),
  param.string('method', 'HTTP method', 'GET'),
  param.json('headers', 'extra request headers, {"Name": "value"}', {}),
  param.string('clientIp', "the viewer's IP address", '203.0.113.178'),
  param.string('distributionDomainName', 'distribution domain name', 'd111111abcdef8.cloudfront.net'),
  param.string('distributionId', 'distribution id', 'EDFDVBD6EXAMPLE'),
] as const;

/** Lambda@Edge headers: keyed by lower-case name, each an array of `{ key, value }` keeping the case. */
function edgeHeaders(headers: Record<string, string>): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(headers)) (out[key.toLowerCase()] ??= []).push({ key, value });
  return out;
}

interface RequestParams {
  uri: string;
  querystring: string;
  method: string;
  headers: unknown;
  clientIp: string;
  distributionDomainName: string;
}

function viewerRequest(p: RequestParams): Omit<CloudFrontRequest, 'body'> {
  const given = asStringMap(p.headers, 'headers');
  const headers = edgeHeaders({ Host: p.distributionDomainName, 'User-Agent': 'curl/8.5.0', Accept: '*/*' });
  Object.assign(headers, edgeHeaders(given));
  return { clientIp: p.clientIp, headers, method: p.method.toUpperCase(), querystring: p.querystring, uri: p.uri };
}

const config = (p: { distributionDomainName: string; distributionId: string }, eventType: 'viewer-request' | 'viewer-response') => ({
  distributionDomainName: p.distributionDomainName,
  distributionId: p.distributionId,
  eventType,
  requestId: `${base64Random(39).replace(/[+/=]/g, 'x')}==`,
});

export const cloudFrontViewerRequest = defineEvent({
  name: 'aws:cloudfront-viewer-request',
  provider: 'aws',
  description: 'CloudFront Lambda@Edge viewer request',
  parameters: [...requestParams],
  generate: (p): CloudFrontRequestEvent => ({
    Records: [{ cf: { config: config(p, 'viewer-request'), request: viewerRequest(p) } }],
  }),
});

export const cloudFrontViewerResponse = defineEvent({
  name: 'aws:cloudfront-viewer-response',
  provider: 'aws',
  description: 'CloudFront Lambda@Edge viewer response',
  parameters: [
    ...requestParams,
    param.string('status', 'response status code', '200'),
    param.string('statusDescription', 'response status text', 'OK'),
    param.json('responseHeaders', 'extra response headers, {"Name": "value"}', {}),
    param.string('time', 'response time (ISO 8601)', now),
  ],
  generate: (p): CloudFrontResponseEvent => {
    const headers = edgeHeaders({
      'Content-Type': 'text/html',
      'Content-Length': '1024',
      Date: httpDate(parseTime(p.time)),
      'Last-Modified': httpDate(new Date(parseTime(p.time).getTime() - 86_400_000)),
      ETag: '"0123456789abcdef0123456789abcdef"',
      Server: 'AmazonS3',
      'X-Cache': 'Miss from cloudfront',
      Via: `1.1 ${p.distributionDomainName.split('.')[0]}.cloudfront.net (CloudFront)`,
    });
    Object.assign(headers, edgeHeaders(asStringMap(p.responseHeaders, 'responseHeaders')));
    return {
      Records: [
        {
          cf: {
            config: config(p, 'viewer-response'),
            request: viewerRequest(p),
            response: { status: p.status, statusDescription: p.statusDescription, headers },
          },
        },
      ],
    };
  },
});
