/** Pub/Sub message published, through Eventarc (CloudEvent). */
import { digits, now, parseTime } from '../ids';
import { defineEvent, generated, param } from '../types';
import { asStringMap } from '../values';
import type { CloudEvent } from './cloudEvent';
import { project } from './cloudEvent';

/** google.events.cloud.pubsub.v1.MessagePublishedData; the push endpoint also adds snake_case copies. */
export interface MessagePublishedData {
  message: {
    data: string;
    attributes?: Record<string, string>;
    messageId: string;
    message_id: string;
    publishTime: string;
    publish_time: string;
    orderingKey?: string;
  };
  subscription: string;
}

export const gcpPubSub = defineEvent({
  name: 'gcp:pubsub',
  provider: 'gcp',
  description: 'Pub/Sub message published, google.cloud.pubsub.topic.v1.messagePublished (data base64-encoded)',
  parameters: [
    param.string('topic', 'topic id', 'orders'),
    param.string('data', 'message data before base64', '{"orderId":"1234","status":"created"}'),
    param.json('attributes', 'message attributes, {"name": "value"}', {}),
    param.string('orderingKey', 'ordering key (empty for none)', ''),
    param.string('messageId', 'message id', generated('a fresh 16-digit id', () => digits(16))),
    param.string('subscription', 'Eventarc subscription id', 'eventarc-us-central1-orders-trigger-sub-123'),
    param.string('time', 'publish time (ISO 8601)', now),
    project,
  ],
  generate: (p): CloudEvent<MessagePublishedData> => {
    const published = parseTime(p.time).toISOString();
    const attributes = asStringMap(p.attributes, 'attributes');
    return {
      specversion: '1.0',
      id: p.messageId,
      source: `//pubsub.googleapis.com/projects/${p.project}/topics/${p.topic}`,
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      time: published,
      datacontenttype: 'application/json',
      data: {
        message: {
          data: Buffer.from(p.data, 'utf8').toString('base64'),
          ...(Object.keys(attributes).length ? { attributes } : {}),
          messageId: p.messageId,
          message_id: p.messageId,
          publishTime: published,
          publish_time: published,
          ...(p.orderingKey ? { orderingKey: p.orderingKey } : {}),
        },
        subscription: `projects/${p.project}/subscriptions/${p.subscription}`,
      },
    };
  },
});
