import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    """SQS batch handler with partial batch responses: bad messages are reported, not lost."""
    failures = []
    for record in event.get("Records", []):
        try:
            order = json.loads(record["body"])
            logger.info("order %s for %s", order.get("id"), order.get("customer"))
        except (ValueError, KeyError):
            logger.error("cannot read message %s", record.get("messageId"))
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}
