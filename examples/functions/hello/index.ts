import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

// GET /hello?name=… — an API Gateway HTTP API (payload 2.0) handler.
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const name = event.queryStringParameters?.name ?? 'world';
  console.log(`greeting ${name}`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `Hello, ${name}!`, stage: process.env.STAGE }),
  };
};
